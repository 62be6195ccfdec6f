import Foundation

/// An ISO 6346 freight-container identification number, such as `CSQU3054383`.
///
/// Three owner letters, an equipment category (`U` freight container, `J` detachable
/// equipment, `Z` trailer or chassis), six serial digits and a check digit.
public struct ContainerNumber: Hashable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String
    public var description: String { rawValue }
    public var ownerCode: String { String(rawValue.prefix(3)) }

    public init(_ text: String) throws(ValueError) {
        let compact = String(text.uppercased().filter { !$0.isWhitespace && $0 != "-" })
        let chars = Array(compact)
        guard chars.count == 11 else { throw ValueError("container_number.format") }
        guard chars[0..<3].allSatisfy(\.isASCIIUppercaseLetter), "UJZ".contains(chars[3]) else {
            throw ValueError("container_number.format")
        }
        guard chars[4...].allSatisfy(\.isASCIIDigit) else { throw ValueError("container_number.format") }
        var sum = 0
        for (position, character) in chars.prefix(10).enumerated() {
            sum += Self.value(of: character) << position
        }
        guard sum % 11 % 10 == Int(String(chars[10]))! else { throw ValueError("container_number.check_digit") }
        rawValue = compact
    }

    /// The number of an owner's box by serial, its check digit computed: `MSKU` and 123456
    /// give `MSKU1234565`.
    public init(owner: String, serial: Int) throws(ValueError) {
        let digits = String(abs(serial) % 1_000_000)
        let prefix = owner.uppercased() + String(repeating: "0", count: 6 - digits.count) + digits
        guard prefix.count == 10 else { throw ValueError("container_number.format") }
        var sum = 0
        for (position, character) in prefix.enumerated() { sum += Self.value(of: character) << position }
        try self.init(prefix + String(sum % 11 % 10))
    }

    /// ISO 6346 letter values run from A = 10 upwards, skipping multiples of 11.
    private static func value(of character: Character) -> Int {
        if character.isASCIIDigit { return Int(String(character))! }
        var value = 10
        var letter = Character("A")
        while letter != character {
            value += 1
            if value % 11 == 0 { value += 1 }
            letter = Character(UnicodeScalar(letter.unicodeScalars.first!.value + 1)!)
        }
        return value
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
