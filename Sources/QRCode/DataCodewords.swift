/// The data codewords of a byte-mode symbol (ISO/IEC 18004, 7.4): an optional ECI header,
/// one segment in byte mode, its terminator, zero bits to the byte boundary, then the
/// alternating pad codewords.
enum DataCodewords {
    static let byteModeIndicator = 0b0100
    /// 11101100 and 00010001, alternated to fill the capacity left after the data (7.4.10).
    static let padCodewords: [UInt8] = [0xEC, 0x11]

    /// The data codewords for `payload` in `version`; the caller has chosen a version whose
    /// byte capacity holds the payload after the declaration.
    static func byteMode(_ payload: [UInt8], version: Int, declaring declaration: CharacterEncodingDeclaration = .none) -> [UInt8] {
        let capacity = VersionTable.blockStructure(version: version).dataCodewords
        precondition(payload.count <= VersionTable.byteCapacity(version: version, after: declaration))
        var buffer = BitBuffer(reservingBytes: capacity)
        declaration.append(to: &buffer)
        buffer.append(byteModeIndicator, bitCount: 4)
        buffer.append(payload.count, bitCount: VersionTable.byteCountIndicatorBits(version: version))
        for byte in payload { buffer.append(Int(byte), bitCount: 8) }
        // The terminator is four zero bits, or fewer when the symbol is full before them.
        let terminatorBits = min(4, capacity * 8 - buffer.bitCount)
        buffer.append(0, bitCount: terminatorBits)
        var codewords = buffer.bytes  // the partial last byte is already zero-padded
        var padIndex = 0
        while codewords.count < capacity {
            codewords.append(padCodewords[padIndex])
            padIndex ^= 1
        }
        return codewords
    }
}
