import FTZCore
import Foundation
import SQLKit

/// SQL for invitations.
struct InvitationRepository {
    private struct Row: Decodable {
        let id: UUID
        let organisation_id: UUID
        let email: String
        let invited_by: String
        let created_at: Date
        let expires_at: Date
        let accepted_at: Date?
        let accepted_user_id: UUID?
        let revoked_at: Date?

        var model: Invitation {
            Invitation(id: id, organisationID: organisation_id, email: email, invitedBy: invited_by, createdAt: created_at,
                       expiresAt: expires_at, acceptedAt: accepted_at, acceptedUserID: accepted_user_id, revokedAt: revoked_at)
        }
    }

    private static let columns = "id, organisation_id, email, invited_by, created_at, expires_at, accepted_at, accepted_user_id, revoked_at"

    func insert(_ invitation: Invitation, tokenHash: Data, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO invitations (id, organisation_id, email, token_hash, invited_by, created_at, expires_at)
            VALUES (\(bind: invitation.id), \(bind: invitation.organisationID), \(bind: invitation.email), \(bind: tokenHash),
                    \(bind: invitation.invitedBy), \(bind: invitation.createdAt), \(bind: invitation.expiresAt))
            """).run()
    }

    func find(_ id: UUID, on sql: any SQLDatabase) async throws -> Invitation? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM invitations WHERE id = \(bind: id)").first(decoding: Row.self)?.model
    }

    func find(tokenHash: Data, on sql: any SQLDatabase) async throws -> Invitation? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM invitations WHERE token_hash = \(bind: tokenHash)")
            .first(decoding: Row.self)?.model
    }

    /// Newest first.
    func list(organisation: UUID, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<Invitation> {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM invitations WHERE organisation_id = \(bind: organisation)")
        if let before = page.after.flatMap(UUID.init(uuidString:)) { query = query + " AND id < \(bind: before)" }
        let rows = try await sql.raw(query + " ORDER BY id DESC LIMIT \(bind: page.limit + 1)").all(decoding: Row.self)
        return Page(fetched: rows.map(\.model), limit: page.limit) { $0.id.uuidString }
    }

    /// Marks the invitation used, if nobody used or revoked it meanwhile.
    func accept(_ id: UUID, by user: UUID, at time: Date, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("""
            UPDATE invitations SET accepted_at = \(bind: time), accepted_user_id = \(bind: user)
            WHERE id = \(bind: id) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id
            """).first() != nil
    }

    func revoke(_ id: UUID, at time: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE invitations SET revoked_at = \(bind: time) WHERE id = \(bind: id) AND accepted_at IS NULL AND revoked_at IS NULL")
            .run()
    }
}
