import Foundation

/// A calendar date with no time of day, in the zone's own time zone: what a receipt slip,
/// an appointment or a holiday names.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (proleptic Gregorian); arithmetic is plain integer arithmetic.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let number = RFC3339.days(fromCivil: year, month, day)
        // Reject 2026-02-30 and the like: the round trip must give the same date back.
        guard RFC3339.civil(fromDays: number) == (year, month, day) else { return nil }
        dayNumber = number
    }

    /// `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) { RFC3339.civil(fromDays: dayNumber) }
    public var year: Int { components.year }

    /// ISO 8601 weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public var description: String {
        let (year, month, day) = components
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
