import Foundation

/// A UN/LOCODE location code such as `VNHPH`: an ISO 3166-1 country code followed by
/// three letters or digits 2–9 (0 and 1 are excluded to avoid confusion with O and I).
public struct UNLocode: Hashable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String
    public var description: String { rawValue }
    public var country: String { String(rawValue.prefix(2)) }

    public init(_ text: String) throws(ValueError) {
        let compact = String(text.uppercased().filter { !$0.isWhitespace })
        guard compact.count == 5 else { throw ValueError("unlocode.format") }
        let country = String(compact.prefix(2))
        guard CountryCode.isAssigned(country) else { throw ValueError("unlocode.country") }
        guard compact.suffix(3).allSatisfy({ $0.isASCIIUppercaseLetter || ("2"..."9").contains($0) }) else {
            throw ValueError("unlocode.format")
        }
        rawValue = compact
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
