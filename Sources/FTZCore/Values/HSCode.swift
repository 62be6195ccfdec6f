import Foundation

/// A Harmonized System commodity code: six digits internationally, eight in Vietnam's
/// national tariff (AHTN-based). Dots and spaces (`8471.30.20`) are accepted and dropped.
public struct HSCode: Hashable, Sendable, CustomStringConvertible, Codable {
    public let digits: String
    public var description: String { digits }
    /// The two-digit chapter (01–97).
    public var chapter: Int { Int(digits.prefix(2))! }
    /// The six-digit international subheading.
    public var subheading: String { String(digits.prefix(6)) }

    public init(_ text: String) throws(ValueError) {
        let compact = text.filter { $0 != "." && !$0.isWhitespace }
        guard compact.count == 6 || compact.count == 8, compact.allSatisfy(\.isASCIIDigit) else {
            throw ValueError("hs_code.format")
        }
        let chapter = Int(compact.prefix(2))!
        // Chapter 77 is reserved for future use by the HS nomenclature.
        guard (1...97).contains(chapter), chapter != 77 else { throw ValueError("hs_code.chapter") }
        digits = String(compact)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
