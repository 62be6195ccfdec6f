import Foundation

extension UUID {
    /// A time-ordered UUID (RFC 9562 version 7): 48 bits of Unix milliseconds, then random bits.
    /// Ordered keys keep B-tree inserts at the right edge of the index, which matters for
    /// append-heavy tables such as dossiers and feed records.
    public static func v7(at date: Date) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = generator.next() as UInt64
        let randomHigh = generator.next() as UInt16
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: randomHigh >> 8) & 0x0F
        bytes[7] = UInt8(truncatingIfNeeded: randomHigh)
        for index in 0..<8 { bytes[8 + index] = UInt8(truncatingIfNeeded: random >> (8 * index)) }
        bytes[8] = 0x80 | bytes[8] & 0x3F
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The canonical lower-case text form used in URLs, logs and the ledger.
    public var lowercasedString: String { uuidString.lowercased() }
}
