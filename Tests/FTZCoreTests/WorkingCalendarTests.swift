import FTZCore
import Foundation
import Testing

@Suite("Working-day calendar")
struct WorkingCalendarTests {
    /// 2026 as Vietnam's civil service observes it (Tết: Monday 16 – Friday 20 February).
    static let calendar: WorkingCalendar = {
        var calendar = WorkingCalendar()
        calendar.replace(.init(year: 2026, holidays: [
            .init(date: LocalDate("2026-01-01")!, name: "Tết Dương lịch"),
            .init(date: LocalDate("2026-01-02")!, name: "Nghỉ bù"),
            .init(date: LocalDate("2026-02-16")!, name: "Tết Nguyên đán"), .init(date: LocalDate("2026-02-17")!, name: "Tết Nguyên đán"),
            .init(date: LocalDate("2026-02-18")!, name: "Tết Nguyên đán"), .init(date: LocalDate("2026-02-19")!, name: "Tết Nguyên đán"),
            .init(date: LocalDate("2026-02-20")!, name: "Tết Nguyên đán"),
            .init(date: LocalDate("2026-04-27")!, name: "Giỗ Tổ Hùng Vương (bù)"),
            .init(date: LocalDate("2026-04-30")!, name: "Ngày Giải phóng"), .init(date: LocalDate("2026-05-01")!, name: "Quốc tế Lao động"),
        ], makeUpWorkingDays: [LocalDate("2026-01-10")!]))
        return calendar
    }()

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    @Test func datesKnowTheirWeekday() {
        #expect(Self.date("2026-03-02").weekday == 1)  // Monday
        #expect(Self.date("2026-02-14").weekday == 6)  // Saturday
        #expect(Self.date("1970-01-01").weekday == 4)  // Thursday
        #expect(LocalDate("2026-02-30") == nil && LocalDate("2026-13-01") == nil && LocalDate("26-01-01") == nil)
    }

    @Test func weekendsHolidaysAndMakeUpDays() {
        let calendar = Self.calendar
        #expect(calendar.isWorkingDay(Self.date("2026-03-02")))
        #expect(!calendar.isWorkingDay(Self.date("2026-03-07")))  // Saturday
        #expect(!calendar.isWorkingDay(Self.date("2026-02-18")))  // Tết
        #expect(calendar.isWorkingDay(Self.date("2026-01-10")))  // make-up Saturday
    }

    @Test func threeWorkingDaysAcrossTet() {
        // Received Thursday 12 February: Friday 13 counts, then nine days off (14–22), then 23 and 24.
        #expect(Self.calendar.adding(workingDays: 3, to: Self.date("2026-02-12")) == Self.date("2026-02-24"))
    }

    @Test func workingDaysSkipWeekends() {
        #expect(Self.calendar.adding(workingDays: 5, to: Self.date("2026-03-02")) == Self.date("2026-03-09"))
        #expect(Self.calendar.adding(workingDays: 0, to: Self.date("2026-03-02")) == Self.date("2026-03-02"))
    }

    @Test func makeUpSaturdayCounts() {
        // Friday 9 January + 1 working day = Saturday 10 January, a make-up working day.
        #expect(Self.calendar.adding(workingDays: 1, to: Self.date("2026-01-09")) == Self.date("2026-01-10"))
    }

    @Test func calendarDayPeriodsEndOnTheNextWorkingDay() {
        // 15 days from 1 February ends Monday 16 February, in Tết: moved to Monday 23.
        #expect(Self.calendar.adding(calendarDays: 15, to: Self.date("2026-02-01")) == Self.date("2026-02-23"))
        #expect(Self.calendar.adding(calendarDays: 15, to: Self.date("2026-03-02")) == Self.date("2026-03-17"))
        // …and a period ending on a Saturday ends the Monday after.
        #expect(Self.calendar.adding(calendarDays: 5, to: Self.date("2026-03-02")) == Self.date("2026-03-09"))
    }

    @Test func pauseSpanningTetKeepsTheRemainingDays() {
        let calendar = Self.calendar
        // Submitted Monday 9 February with 10 working days: 10–13 February, then after Tết
        // 23–27 February and Monday 2 March.
        let due = calendar.adding(workingDays: 10, to: Self.date("2026-02-09"))
        #expect(due == Self.date("2026-03-02"))
        // Paused on Wednesday 11 February: eight working days were left (12, 13, 23–27 Feb, 2 Mar).
        let remaining = calendar.remaining(from: Self.date("2026-02-11"), until: due, counted: .working)
        #expect(remaining == 8)
        // Resumed Tuesday 24 February: the eight days run from there, to Friday 6 March.
        #expect(calendar.due(after: Self.date("2026-02-24"), days: remaining, counted: .working) == Self.date("2026-03-06"))
        // The pause took four working days: 12, 13, 23 and 24 February.
        #expect(calendar.workingDays(after: Self.date("2026-02-11"), through: Self.date("2026-02-24")) == 4)
    }

    @Test func localDatesAreInTheZonesTimeZone() {
        let calendar = Self.calendar
        // 2026-03-01T18:00Z is already Monday 2 March in Hai Phong (UTC+7).
        #expect(calendar.localDate(of: Date(timeIntervalSince1970: 1_772_388_000)) == Self.date("2026-03-02"))
        #expect(RFC3339.format(calendar.endOfDay(Self.date("2026-03-02"))) == "2026-03-02T16:59:59.999Z")
    }

    @Test func replacingAYearDropsItsOldDays() {
        var calendar = Self.calendar
        calendar.replace(.init(year: 2026, holidays: [.init(date: Self.date("2026-09-02"), name: "Quốc khánh")], makeUpWorkingDays: []))
        #expect(calendar.isWorkingDay(Self.date("2026-02-18")))
        #expect(!calendar.isWorkingDay(Self.date("2026-09-02")))
        #expect(!calendar.isWorkingDay(Self.date("2026-01-10")))
    }
}
