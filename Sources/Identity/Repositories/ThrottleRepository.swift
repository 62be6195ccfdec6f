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
        let bound = SQLBatch.joined(keys.map { "\(bind: $0)" as SQLQueryString })
        return try await sql.raw("SELECT key, failures, window_started_at, locked_until FROM login_throttle WHERE key IN (" + bound + ")")
            .all(decoding: Row.self)
    }

    /// The counter of `key`, locked for this transaction: created empty if missing, so
    /// that parallel first attempts queue on the same row instead of each inserting one.
    func lockedCounter(key: String, now: Date, on tx: Transaction) async throws -> Row {
        try await tx.sql.raw("""
            INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES (\(bind: key), 0, \(bind: now), NULL)
            ON CONFLICT (key) DO NOTHING
            """).run()
        let rows = try await tx.sql.raw("""
            SELECT key, failures, window_started_at, locked_until FROM login_throttle WHERE key = \(bind: key)\(unsafeRaw: tx.sql.rowLock(true))
            """).all(decoding: Row.self)
        guard let row = rows.first else { throw CountingFailed(key: key) }
        return row
    }

    struct CountingFailed: Error, CustomStringConvertible {
        let key: String
        var description: String { "the login counter for \(key) has no row" }
    }

    func save(_ row: Row, on tx: Transaction) async throws {
        try await tx.sql.raw("""
            UPDATE login_throttle SET failures = \(bind: row.failures), window_started_at = \(bind: row.window_started_at),
                locked_until = \(bind: row.locked_until) WHERE key = \(bind: row.key)
            """).run()
    }

    /// Takes back an attempt that succeeded (the address's count is for failures).
    func uncount(key: String, on tx: Transaction) async throws {
        try await tx.sql.raw("UPDATE login_throttle SET failures = failures - 1 WHERE key = \(bind: key) AND failures > 0").run()
    }

    /// Deletes counters that no longer decide anything: their window closed before
    /// `windowStartedBefore` (a next attempt starts afresh) and no lock is in force at `now`.
    func purgeSpent(windowStartedBefore: Date, now: Date, on tx: Transaction) async throws -> Int {
        try await tx.sql.raw("""
            DELETE FROM login_throttle WHERE window_started_at < \(bind: windowStartedBefore)
                AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING key
            """).all().count
    }

    func clear(key: String, on tx: Transaction) async throws {
        try await tx.sql.raw("DELETE FROM login_throttle WHERE key = \(bind: key)").run()
    }
}
