import FTZCore

/// The short code printed on a dossier's receipt: eight characters from an alphabet without
/// the ones people confuse (0/O, 1/I/L), drawn at random, shown as `ABCD-EFGH`. With the
/// reference it opens the dossier's public status and nothing else, so it need not be
/// secret beyond the receipt; guessing one for a known reference is one chance in 31^8
/// (about 8.5 × 10^11).
public enum ReceiptCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    static let length = 8

    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// What a person typed, as stored: upper case, without spaces or dashes; nil when it
    /// cannot be a code (wrong length or a character outside the alphabet).
    public static func normalised(_ typed: String) -> String? {
        let compact = typed.uppercased().filter { $0 != "-" && $0 != " " }
        guard compact.count == length, compact.allSatisfy(alphabet.contains) else { return nil }
        return compact
    }

    /// The code as printed, in two groups of four.
    public static func display(_ code: String) -> String {
        code.count == length ? "\(code.prefix(4))-\(code.suffix(4))" : code
    }
}
