import Foundation
import Synchronization

extension UUID {
    /// A time-ordered UUID (RFC 9562 version 7): 48 bits of Unix milliseconds, a 12-bit
    /// sequence, then random bits. Ordered keys keep B-tree inserts at the right edge of
    /// the index, and keyset pagination by id follows creation order.
    ///
    /// Within one process ids are strictly increasing (RFC 9562 §6.2 method 1): ids made in
    /// the same millisecond count up in the sequence field, seeded randomly each millisecond.
    public static func v7(at date: Date) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let (millis, sequence) = UUIDv7Sequence.next(millis: UInt64(max(0, date.timeIntervalSince1970 * 1000)))
        let random = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: sequence >> 8) & 0x0F
        bytes[7] = UInt8(truncatingIfNeeded: sequence)
        for index in 0..<8 { bytes[8 + index] = UInt8(truncatingIfNeeded: random >> (8 * index)) }
        bytes[8] = 0x80 | bytes[8] & 0x3F
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The canonical lower-case text form used in URLs, logs and the ledger.
    public var lowercasedString: String { uuidString.lowercased() }
}

/// The last (millisecond, sequence) handed out in this process.
private enum UUIDv7Sequence {
    static let state = Mutex<(millis: UInt64, sequence: UInt16)>((0, 0))

    static func next(millis: UInt64) -> (UInt64, UInt16) {
        state.withLock { state in
            if millis > state.millis {
                // Seed low, leaving room to count up before the 12-bit field overflows.
                state = (millis, UInt16.random(in: 0..<1024))
            } else if state.sequence < 0x0FFF {
                state.sequence += 1
            } else {
                // Sequence exhausted (or the clock went back): borrow the next millisecond.
                state = (state.millis + 1, 0)
            }
            return state
        }
    }
}
