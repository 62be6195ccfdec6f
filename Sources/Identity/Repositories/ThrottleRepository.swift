import Foundation
import SQLKit
import Storage

/// SQL for failed-login counters.
struct ThrottleRepository {
    struct Row: Decodable {
        let key: String
        let failures: Int
        let window_started_at: Date
        let locked_until: Date?
    }

    func find(keys: [String], on sql: any SQLDatabase) async throws -> [Row] {
        var query = SQLQueryString("SELECT key, failures, window_started_at, locked_until FROM login_throttle WHERE key IN (")
        for (position, key) in keys.enumerated() {
            query = query + (position == 0 ? "" : ", ") + "\(bind: key)"
        }
        return try await sql.raw(query + ")").all(decoding: Row.self)
    }

    func save(_ row: Row, on tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO login_throttle (key, failures, window_started_at, locked_until)
            VALUES (\(bind: row.key), \(bind: row.failures), \(bind: row.window_started_at), \(bind: row.locked_until))
            ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
                window_started_at = excluded.window_started_at, locked_until = excluded.locked_until
            """).run()
    }

    func clear(key: String, on tx: Transaction) async throws {
        try await tx.sql.raw("DELETE FROM login_throttle WHERE key = \(bind: key)").run()
    }
}
