import FTZCore
import Foundation
import SQLKit

/// SQL for bearer tokens, stored only as SHA-256 digests.
struct TokenRepository {
    func insert(id: UUID, digest: Data, userID: UUID?, clientID: UUID?, scopes: Set<String>, issuedAt: Date, expiresAt: Date,
                on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO access_tokens (id, token_hash, user_id, client_id, scopes, issued_at, expires_at)
            VALUES (\(bind: id), \(bind: digest), \(bind: userID), \(bind: clientID), \(bind: ScopeList.encode(scopes)),
                    \(bind: issuedAt), \(bind: expiresAt))
            """).run()
    }

    /// What a presented token stands for: the token row joined with its holder and organisation.
    struct Resolved: Decodable {
        let token_id: UUID
        let expires_at: Date
        let revoked_at: Date?
        let scopes: String
        let user_id: UUID?
        let client_id: UUID?
        let holder_roles: String
        let holder_disabled: Bool
        let organisation_id: UUID
        let organisation_kind: String
    }

    func resolve(digest: Data, on sql: any SQLDatabase) async throws -> Resolved? {
        try await sql.raw("""
            SELECT t.id AS token_id, t.expires_at, t.revoked_at, t.scopes, t.user_id, t.client_id,
                   COALESCE(u.roles, c.roles) AS holder_roles, COALESCE(u.disabled, c.disabled) AS holder_disabled,
                   o.id AS organisation_id, o.kind AS organisation_kind
            FROM access_tokens t
            LEFT JOIN users u ON u.id = t.user_id
            LEFT JOIN clients c ON c.id = t.client_id
            JOIN organisations o ON o.id = COALESCE(u.organisation_id, c.organisation_id)
            WHERE t.token_hash = \(bind: digest)
            """).first(decoding: Resolved.self)
    }

    /// Revokes one token; returns whether it was live.
    func revoke(id: UUID, at time: Date, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE access_tokens SET revoked_at = \(bind: time) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """).all()).isEmpty
    }

    /// Revokes every live token of a user or client; returns how many.
    func revokeAll(userID: UUID? = nil, clientID: UUID? = nil, at time: Date, on sql: any SQLDatabase) async throws -> Int {
        let column = userID != nil ? "user_id" : "client_id"
        let holder = userID ?? clientID!
        return try await sql.raw("""
            UPDATE access_tokens SET revoked_at = \(bind: time)
            WHERE \(unsafeRaw: column) = \(bind: holder) AND revoked_at IS NULL AND expires_at > \(bind: time) RETURNING id
            """).all().count
    }
}
