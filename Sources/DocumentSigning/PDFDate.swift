import Foundation

/// PDF date strings (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`.
enum PDFDate {
    /// The date as written into `/M`, in the given zone so a reader sees local time and offset.
    static func string(from date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offsetMinutes = timeZone.secondsFromGMT(for: date) / 60
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        return String(format: "D:%04d%02d%02d%02d%02d%02d%@%02d'%02d'",
                      parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!,
                      sign, offset / 60, offset % 60)
    }

    /// Reads a PDF date, tolerating what other writers do: a missing `D:` prefix, fields
    /// left off at the end (defaulting as the standard says), `Z` or no offset (UTC), and
    /// offsets with or without apostrophes.
    static func date(from text: String) -> Date? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("D:") { rest = rest.dropFirst(2) }
        func number(_ length: Int) -> Int? {
            let digits = rest.prefix(length)
            // Digits only: Int("+0") would swallow the sign of the offset that follows.
            guard digits.count == length, digits.allSatisfy({ ("0"..."9").contains($0) }), let value = Int(digits) else { return nil }
            rest = rest.dropFirst(length)
            return value
        }
        guard let year = number(4) else { return nil }
        let month = number(2) ?? 1, day = number(2) ?? 1
        let hour = number(2) ?? 0, minute = number(2) ?? 0, second = number(2) ?? 0
        var offsetSeconds = 0
        if let sign = rest.first, sign == "+" || sign == "-" {
            rest = rest.dropFirst()
            let hours = number(2) ?? 0
            if rest.first == "'" { rest = rest.dropFirst() }
            let minutes = number(2) ?? 0
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetSeconds) ?? TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }
}
