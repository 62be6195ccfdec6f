import Foundation
import SQLKit

/// Multi-row statements: one round trip per chunk rather than per row.
enum SQLRows {
    /// Rows per statement, well under both databases' limits on bound parameters.
    static let chunk = 400

    static func joined(_ rows: some Collection<SQLQueryString>) -> SQLQueryString {
        var query = SQLQueryString("")
        for (position, row) in rows.enumerated() { query = query + (position == 0 ? "" : ", ") + row }
        return query
    }

    static func json(_ value: some Encodable) -> String {
        (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "[]"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        text.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }
}
