/// A sequence of bits written most significant first and packed into bytes, the way QR data
/// codewords are formed from the segments' mode, count and data fields.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var bitCount = 0

    init(reservingBytes capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends the low `count` bits of `value`, most significant first.
    mutating func append(_ value: Int, bitCount count: Int) {
        precondition((0...24).contains(count) && value >> count == 0, "\(value) does not fit in \(count) bits")
        for shift in stride(from: count - 1, through: 0, by: -1) {
            appendBit(value >> shift & 1 == 1)
        }
    }

    mutating func appendBit(_ bit: Bool) {
        if bitCount % 8 == 0 { bytes.append(0) }
        if bit { bytes[bytes.count - 1] |= 0x80 >> UInt8(bitCount % 8) }
        bitCount += 1
    }
}
