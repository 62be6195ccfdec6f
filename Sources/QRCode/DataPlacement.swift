extension ModuleMatrix {
    /// Places the codewords' bits, most significant first, in the symbol's data modules
    /// (ISO/IEC 18004, 7.7.3): two columns at a time from the right edge, upwards then
    /// downwards in turn, right module before left, skipping function modules and the
    /// vertical timing column. Modules left over after the last codeword are the remainder
    /// bits and stay light (before masking).
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let bitTotal = codewords.count * 8
        var bitIndex = 0
        var rightColumn = size - 1
        var upwards = true
        while rightColumn > 0 {
            // Column 6 is the vertical timing pattern: the pairs to its left shift by one.
            if rightColumn == 6 { rightColumn = 5 }
            for step in 0..<size {
                let y = upwards ? size - 1 - step : step
                for x in stride(from: rightColumn, through: rightColumn - 1, by: -1) where !isFunctionModule(x: x, y: y) {
                    guard bitIndex < bitTotal else { continue }
                    let byte = codewords[bitIndex >> 3]
                    setDataModule(x: x, y: y, dark: byte >> (7 - UInt8(bitIndex & 7)) & 1 == 1)
                    bitIndex += 1
                }
            }
            upwards.toggle()
            rightColumn -= 2
        }
        precondition(bitIndex == bitTotal, "the codewords exceed the data modules")
    }
}
