extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte: digests, key ids. Written by hand because
    /// `String(format:)` per byte dominated the cost of hashing small records.
    public var hexEncoded: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
