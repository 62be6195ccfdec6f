import Foundation
import FTZCore
import OpenAPIRuntime

/// Dates in JSON as RFC 3339 UTC with milliseconds, without ICU (see ``RFC3339``).
public struct FastDateTranscoder: DateTranscoder {
    public init() {}

    public struct InvalidDate: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "not an RFC 3339 date-time: \(text)" }
    }

    public func encode(_ date: Date) throws -> String { RFC3339.format(date) }

    public func decode(_ text: String) throws -> Date {
        guard let date = RFC3339.parse(text) else { throw InvalidDate(text: text) }
        return date
    }
}
