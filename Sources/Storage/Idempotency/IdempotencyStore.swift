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

    /// What the store knows of a key.
    public enum Lookup: Sendable, Equatable {
        /// Nothing: carry the request out, under an ``IdempotencyClaim``.
        case unknown
        /// The same request was answered before: replay this.
        case replay(StoredResponse)
        /// The key was used for a different request.
        case mismatch
        /// The request's write committed and its answer is being stored, or was lost with
        /// the process that made it (when the claim is older than ``answerGrace``).
        case answerPending(lost: Bool)
    }

    /// How long a committed claim may wait for its answer before the answer counts as lost.
    public static let answerGrace: TimeInterval = 10

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
        let created_at: Date
    }

    /// The stored state of `key` in `scope`, judged against this request's fingerprint.
    public func lookup(scope: String, key: String, fingerprint: Data) async throws -> Lookup {
        let now = clock.now()
        return try await database.transaction { tx in
            try await tx.sql.raw("""
                DELETE FROM idempotency_keys WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)
                AND created_at < \(bind: now - self.retention)
                """).run()
            guard let row = try await tx.sql.raw("""
                SELECT fingerprint, status, headers, body, created_at FROM idempotency_keys
                WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)
                """).first(decoding: Row.self)
            else { return .unknown }
            guard row.fingerprint == fingerprint else { return .mismatch }
            guard let status = row.status else { return .answerPending(lost: now.timeIntervalSince(row.created_at) > Self.answerGrace) }
            let headers = (row.headers?.data(using: .utf8)).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) } ?? [:]
            return .replay(StoredResponse(status: status, headers: headers, body: row.body ?? Data()))
        }
    }

    /// Records `claim` as the first statement of the transaction on `connection`; throws
    /// ``IdempotencyClaim/TakenByAnother`` when another request's transaction committed the
    /// key first (a concurrent one still open makes this wait on the key's unique index).
    static func record(_ claim: IdempotencyClaim, on connection: any SQLDatabase) async throws {
        let inserted = try await connection.raw("""
            INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at)
            VALUES (\(bind: claim.scope), \(bind: claim.key), \(bind: claim.fingerprint), \(bind: claim.createdAt))
            ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING scope
            """).all()
        if inserted.isEmpty { throw IdempotencyClaim.TakenByAnother() }
    }

    /// Stores the answer of a request whose claim committed.
    public func complete(scope: String, key: String, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await database.transaction { tx in
            try await tx.sql.raw("""
                UPDATE idempotency_keys SET status = \(bind: response.status), headers = \(bind: headers), body = \(bind: response.body)
                WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)
                """).run()
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
