import FTZCore
import Foundation
import SQLKit

/// Remembers the first answer to each `Idempotency-Key`, so a client retrying a POST after
/// a lost response gets that answer again instead of creating a second object.
public struct IdempotencyStore: Sendable {
    /// A remembered response.
    public struct StoredResponse: Sendable, Equatable {
        public let status: Int
        public let headers: [String: String]
        public let body: Data
        public init(status: Int, headers: [String: String], body: Data) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public enum Claim: Sendable, Equatable {
        /// The key is new: go ahead, then ``complete(scope:key:response:)`` or ``release(scope:key:)``.
        case claimed
        /// The same request was answered before: replay this.
        case replay(StoredResponse)
        /// The same key is being processed by a concurrent request.
        case inProgress
        /// The key was used for a different request.
        case mismatch
    }

    let database: Database
    /// How long keys are remembered.
    public let retention: TimeInterval
    let clock: any WallClock

    public init(database: Database, clock: any WallClock, retention: TimeInterval = 24 * 3600) {
        self.database = database
        self.clock = clock
        self.retention = retention
    }

    private struct Row: Decodable {
        let fingerprint: Data
        let status: Int?
        let headers: String?
        let body: Data?
    }

    public func claim(scope: String, key: String, fingerprint: Data) async throws -> Claim {
        let now = clock.now()
        return try await database.transaction { tx in
            try await tx.sql.raw("""
                DELETE FROM idempotency_keys WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)
                AND created_at < \(bind: now - retention)
                """).run()
            let inserted = try await tx.sql.raw("""
                INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at)
                VALUES (\(bind: scope), \(bind: key), \(bind: fingerprint), \(bind: now))
                ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING scope
                """).all()
            if !inserted.isEmpty { return .claimed }
            guard let row = try await tx.sql.raw("""
                SELECT fingerprint, status, headers, body FROM idempotency_keys
                WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)
                """).first(decoding: Row.self)
            else { return .inProgress }
            guard row.fingerprint == fingerprint else { return .mismatch }
            guard let status = row.status else { return .inProgress }
            let headers = (row.headers?.data(using: .utf8)).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) } ?? [:]
            return .replay(StoredResponse(status: status, headers: headers, body: row.body ?? Data()))
        }
    }

    public func complete(scope: String, key: String, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await database.transaction { tx in
            try await tx.sql.raw("""
                UPDATE idempotency_keys SET status = \(bind: response.status), headers = \(bind: headers), body = \(bind: response.body)
                WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)
                """).run()
        }
    }

    /// Forgets a claimed key whose request failed, so the client may retry it.
    public func release(scope: String, key: String) async throws {
        try await database.transaction { tx in
            try await tx.sql.raw("DELETE FROM idempotency_keys WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)").run()
        }
    }

    /// Deletes keys past retention (run by the housekeeping job); returns how many.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        let cutoff = clock.now() - retention
        return try await database.transaction { tx in
            try await tx.sql.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: cutoff) RETURNING scope").all().count
        }
    }
}
