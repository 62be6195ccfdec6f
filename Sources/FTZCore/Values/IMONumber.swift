import Foundation

/// An IMO ship identification number: seven digits, the last a check digit
/// (sum of the first six weighted 7 down to 2, modulo 10). Accepts an `IMO` prefix.
public struct IMONumber: Hashable, Sendable, CustomStringConvertible, Codable {
    public let digits: String
    public var description: String { digits }

    public init(_ text: String) throws(ValueError) {
        var compact = text.uppercased().filter { !$0.isWhitespace }
        if compact.hasPrefix("IMO") { compact.removeFirst(3) }
        guard compact.count == 7, compact.allSatisfy(\.isASCIIDigit) else { throw ValueError("imo_number.format") }
        let values = compact.map { Int(String($0))! }
        let sum = zip(values.prefix(6), [7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
        guard sum % 10 == values[6] else { throw ValueError("imo_number.check_digit") }
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
