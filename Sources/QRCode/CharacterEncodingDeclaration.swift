/// What the symbol tells a reader about the character encoding of its bytes. Byte mode by
/// itself means ISO 8859-1, and readers guess instead: zbar, for one, reads UTF-8 Vietnamese
/// as Shift JIS. An ECI header (ISO/IEC 18004, 7.4.3) naming UTF-8 settles it, at the price
/// of 12 bits; pure ASCII reads the same in every guess, so it goes without one.
enum CharacterEncodingDeclaration: Sendable {
    /// No ECI header: the bytes are raw data, or ASCII text.
    case none
    /// ECI designator 000026, UTF-8.
    case utf8

    static let eciModeIndicator = 0b0111
    static let utf8Designator = 26

    /// The declaration text needs: UTF-8 only when some byte is outside ASCII.
    static func forText(_ utf8: [UInt8]) -> CharacterEncodingDeclaration {
        utf8.allSatisfy { $0 < 0x80 } ? .none : .utf8
    }

    /// The ECI mode indicator and, for designators below 128, a one-byte designator.
    var bitCount: Int { self == .none ? 0 : 4 + 8 }

    func append(to buffer: inout BitBuffer) {
        guard self == .utf8 else { return }
        buffer.append(Self.eciModeIndicator, bitCount: 4)
        buffer.append(Self.utf8Designator, bitCount: 8)
    }
}
