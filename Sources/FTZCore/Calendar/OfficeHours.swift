import Foundation

/// When the one-stop desk receives filings, in the zone's local time (`zone.yaml`). A
/// statutory period runs from the day a dossier is received: a filing after closing time,
/// or on a day off, is received on the next working day; one made before opening on a
/// working day is received that day, when the desk opens.
public struct OfficeHours: Sendable, Codable, Equatable {
    /// Minutes after local midnight.
    public let opensAt: Int
    public let closesAt: Int

    public init(opensAt: Int, closesAt: Int) {
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// All day: every instant of a working day is inside office hours.
    public static let allDay = OfficeHours(opensAt: 0, closesAt: 24 * 60)

    enum CodingKeys: String, CodingKey { case opens, closes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func minutes(_ key: CodingKeys) throws -> Int {
            let text = try container.decode(String.self, forKey: key)
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hours = Int(parts[0]), let minutes = Int(parts[1]),
                  (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 24 * 60
            else { throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(text): expected HH:MM") }
            return hours * 60 + minutes
        }
        opensAt = try minutes(.opens)
        closesAt = try minutes(.closes)
        guard opensAt < closesAt else {
            throw DecodingError.dataCorruptedError(forKey: .closes, in: container, debugDescription: "closes before it opens")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func text(_ minutes: Int) -> String {
            let hours = minutes / 60, rest = minutes % 60
            return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
        }
        try container.encode(text(opensAt), forKey: .opens)
        try container.encode(text(closesAt), forKey: .closes)
    }

    /// The day a filing made at `instant` is received.
    public func receiptDay(of instant: Date, calendar: WorkingCalendar) -> LocalDate {
        let day = calendar.localDate(of: instant)
        if calendar.isWorkingDay(day), calendar.minuteOfDay(of: instant) < closesAt { return day }
        var next = day.adding(days: 1)
        while !calendar.isWorkingDay(next) { next = next.adding(days: 1) }
        return next
    }
}
