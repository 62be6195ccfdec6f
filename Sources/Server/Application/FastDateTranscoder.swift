import FTZCore
import Foundation
import OpenAPIRuntime

/// Dates in JSON as RFC 3339 UTC with milliseconds, without ICU (see ``RFC3339``).
struct FastDateTranscoder: DateTranscoder {
    struct InvalidDate: Error, CustomStringConvertible {
        let text: String
        var description: String { "not an RFC 3339 date-time: \(text)" }
    }

    func encode(_ date: Date) throws -> String { RFC3339.format(date) }

    func decode(_ text: String) throws -> Date {
        guard let date = RFC3339.parse(text) else { throw InvalidDate(text: text) }
        return date
    }
}
