import FTZCore
import Localization

extension MessageCatalogue {
    /// A date written for people: "ngày 2 tháng 3 năm 2026", "March 2, 2026", "2026年3月2日".
    func display(_ date: LocalDate, _ language: Language) -> String {
        let (year, month, day) = date.components
        return text("date.format", language, ["day": String(day), "month": text("date.month.\(month)", language), "year": String(year)])
    }
}
