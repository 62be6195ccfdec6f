import Foundation

/// The zone's working days: Monday to Friday, less public holidays, plus the Saturdays
/// the government declares make-up working days. Holidays are data per year (Tết moves
/// with the lunar calendar), never code.
///
/// Deadlines follow Vietnamese administrative practice: a period of N days starts the day
/// after receipt; a period in calendar days that ends on a day off ends instead on the
/// next working day (Civil Code 2015, Art. 148).
public struct WorkingCalendar: Sendable, Equatable {
    /// Hours east of UTC of the zone (Asia/Ho_Chi_Minh is UTC+7 all year, without DST).
    public let utcOffsetHours: Int
    public private(set) var holidays: [LocalDate: String]
    public private(set) var makeUpWorkingDays: Set<LocalDate>
    /// The years the data covers; dates outside them count only weekends as days off.
    public private(set) var coveredYears: Set<Int>
    /// Covered years whose days off are a forecast, not yet the government's announcement.
    public private(set) var provisionalYears: Set<Int>

    public init(utcOffsetHours: Int = 7, holidays: [LocalDate: String] = [:], makeUpWorkingDays: Set<LocalDate> = [],
                coveredYears: Set<Int> = [], provisionalYears: Set<Int> = []) {
        self.utcOffsetHours = utcOffsetHours
        self.holidays = holidays
        self.makeUpWorkingDays = makeUpWorkingDays
        self.coveredYears = coveredYears
        self.provisionalYears = provisionalYears
    }

    /// Whether a period from `start` to `end` counts days of a provisional year: a date
    /// computed over it may move once that year's schedule is announced.
    public func restsOnProvisionalYears(from start: LocalDate, to end: LocalDate) -> Bool {
        (min(start.year, end.year)...max(start.year, end.year)).contains { provisionalYears.contains($0) }
    }

    /// One year's data, replacing what the calendar held for that year.
    public struct Year: Sendable, Equatable, Codable {
        public var year: Int
        public var holidays: [Holiday]
        public var makeUpWorkingDays: [LocalDate]
        /// A forecast (the schedule is not announced yet). Absent in data written before
        /// the flag existed, which reads as announced.
        public var provisional: Bool
        /// The zone date this definition replaces the year's previous one; absent means
        /// from when it was saved. A replacement announced ahead waits for its date.
        public var effectiveFrom: LocalDate?

        public struct Holiday: Sendable, Equatable, Codable {
            public var date: LocalDate
            public var name: String
            public init(date: LocalDate, name: String) {
                self.date = date
                self.name = name
            }
        }

        public init(year: Int, holidays: [Holiday], makeUpWorkingDays: [LocalDate], provisional: Bool = false,
                    effectiveFrom: LocalDate? = nil) {
            self.year = year
            self.holidays = holidays
            self.makeUpWorkingDays = makeUpWorkingDays
            self.provisional = provisional
            self.effectiveFrom = effectiveFrom
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(year: try container.decode(Int.self, forKey: .year), holidays: try container.decode([Holiday].self, forKey: .holidays),
                      makeUpWorkingDays: try container.decode([LocalDate].self, forKey: .makeUpWorkingDays),
                      provisional: try container.decodeIfPresent(Bool.self, forKey: .provisional) ?? false,
                      effectiveFrom: try container.decodeIfPresent(LocalDate.self, forKey: .effectiveFrom))
        }
    }

    public mutating func replace(_ data: Year) {
        holidays = holidays.filter { $0.key.year != data.year }
        makeUpWorkingDays = makeUpWorkingDays.filter { $0.year != data.year }
        for holiday in data.holidays { holidays[holiday.date] = holiday.name }
        makeUpWorkingDays.formUnion(data.makeUpWorkingDays)
        coveredYears.insert(data.year)
        if data.provisional { provisionalYears.insert(data.year) } else { provisionalYears.remove(data.year) }
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if makeUpWorkingDays.contains(date) { return true }
        if holidays[date] != nil { return false }
        return date.weekday <= 5
    }

    /// The zone's date at an instant.
    public func localDate(of instant: Date) -> LocalDate {
        LocalDate(dayNumber: Int((Double(localSeconds(of: instant)) / 86_400).rounded(.down)))
    }

    /// Minutes after the zone's local midnight at an instant (office hours are judged on it).
    public func minuteOfDay(of instant: Date) -> Int {
        ((localSeconds(of: instant) % 86_400) + 86_400) % 86_400 / 60
    }

    /// Seconds since 1970-01-01 00:00 on the zone's clocks.
    private func localSeconds(of instant: Date) -> Int {
        Int((instant.timeIntervalSince1970 + Double(utcOffsetHours * 3600)).rounded(.down))
    }

    /// The last instant of a local date (23:59:59.999 there), when a deadline on it expires.
    public func endOfDay(_ date: LocalDate) -> Date {
        Date(timeIntervalSince1970: Double((date.dayNumber + 1) * 86_400 - utcOffsetHours * 3600) - 0.001)
    }

    /// The Nth working day after `start` (the first day counted is the day after).
    public func adding(workingDays count: Int, to start: LocalDate) -> LocalDate {
        var date = start
        var remaining = count
        while remaining > 0 {
            date = date.adding(days: 1)
            if isWorkingDay(date) { remaining -= 1 }
        }
        return date
    }

    /// N calendar days after `start`, moved to the next working day if that is a day off.
    public func adding(calendarDays count: Int, to start: LocalDate) -> LocalDate {
        var date = start.adding(days: count)
        while !isWorkingDay(date) { date = date.adding(days: 1) }
        return date
    }

    /// Working days in `(from, to]`: the count a deadline still has left, or a case took.
    public func workingDays(after from: LocalDate, through to: LocalDate) -> Int {
        guard to > from else { return 0 }
        var count = 0
        var date = from.adding(days: 1)
        while date <= to {
            if isWorkingDay(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }
}

/// How a statutory time limit is counted.
public enum DayCount: String, Sendable, Codable, CaseIterable {
    case working
    case calendar
}

extension WorkingCalendar {
    /// The due date `days` of the given kind after `start`.
    public func due(after start: LocalDate, days: Int, counted: DayCount) -> LocalDate {
        switch counted {
        case .working: adding(workingDays: days, to: start)
        case .calendar: adding(calendarDays: days, to: start)
        }
    }

    /// Days of the given kind left between `from` and a due date.
    public func remaining(from: LocalDate, until due: LocalDate, counted: DayCount) -> Int {
        switch counted {
        case .working: workingDays(after: from, through: due)
        case .calendar: max(0, due.dayNumber - from.dayNumber)
        }
    }
}
