import FTZCore
import Foundation

extension MessageCatalogue {
    /// A date written for people: "ngày 2 tháng 3 năm 2026", "March 2, 2026", "2026年3月2日".
    public func display(_ date: LocalDate, _ language: Language) -> String {
        let (year, month, day) = date.components
        return text("date.format", language, ["day": String(day), "month": text("date.month.\(month)", language), "year": String(year)])
    }

    /// An instant on the zone's clock: the date as above and the time, "…, 14:05".
    public func display(_ instant: Date, _ calendar: WorkingCalendar, _ language: Language) -> String {
        let seconds = Int((instant.timeIntervalSince1970 + Double(calendar.utcOffsetHours * 3600)).rounded(.down))
        let minutes = ((seconds % 86_400) + 86_400) % 86_400 / 60
        let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
        return "\(display(calendar.localDate(of: instant), language)), \(time)"
    }
}
