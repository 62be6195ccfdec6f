import FTZCore
import Foundation
import SQLKit
import Storage

/// SQL for user accounts.
struct UserRepository {
    struct Row: Decodable {
        let id: UUID
        let organisation_id: UUID
        let username: String
        let display_name: String
        let email: String?
        let password_hash: String
        let roles: String
        let disabled: Bool
        let created_at: Date
        let version: Int

        var model: User {
            User(id: id, organisationID: organisation_id, username: username, displayName: display_name, email: email,
                 roles: RoleList.decode(roles), disabled: disabled, createdAt: created_at, version: version)
        }
    }

    private static let columns = "id, organisation_id, username, display_name, email, password_hash, roles, disabled, created_at, version"

    func insert(_ user: User, passwordHash: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO users (id, organisation_id, username, display_name, email, password_hash, roles, disabled, created_at, version)
            VALUES (\(bind: user.id), \(bind: user.organisationID), \(bind: user.username), \(bind: user.displayName),
                    \(bind: user.email), \(bind: passwordHash), \(bind: RoleList.encode(user.roles)), \(bind: user.disabled),
                    \(bind: user.createdAt), \(bind: user.version))
            """).run()
    }

    func find(_ id: UUID, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users WHERE id = \(bind: id)").first(decoding: Row.self)
    }

    func displayNames(of ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: String] {
        struct Name: Decodable { let id: UUID; let display_name: String }
        guard !ids.isEmpty else { return [:] }
        let names = try await sql.raw("SELECT id, display_name FROM users WHERE id IN (" + SQLBatch.joined(ids.map { "\(bind: $0)" }) + ")")
            .all(decoding: Name.self)
        return Dictionary(names.map { ($0.id, $0.display_name) }, uniquingKeysWith: { first, _ in first })
    }

    func find(username: String, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users WHERE username = \(bind: username)").first(decoding: Row.self)
    }

    /// Writes the editable fields if the stored version is still `expectedVersion`;
    /// returns false when someone else changed the user first.
    func update(_ user: User, expectedVersion: Int, on sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw("""
            UPDATE users SET display_name = \(bind: user.displayName), email = \(bind: user.email),
                   roles = \(bind: RoleList.encode(user.roles)), disabled = \(bind: user.disabled), version = version + 1
            WHERE id = \(bind: user.id) AND version = \(bind: expectedVersion) RETURNING id
            """).all()
        return !rows.isEmpty
    }

    func setPassword(_ id: UUID, hash: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE users SET password_hash = \(bind: hash), version = version + 1 WHERE id = \(bind: id)").run()
    }

    func list(organisation: UUID?, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<User> {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM users WHERE 1 = 1")
        if let organisation { query = query + " AND organisation_id = \(bind: organisation)" }
        if let after = page.after.flatMap(UUID.init(uuidString:)) { query = query + " AND id > \(bind: after)" }
        query = query + " ORDER BY id LIMIT \(bind: page.limit + 1)"
        let rows = try await sql.raw(query).all(decoding: Row.self)
        return Page(fetched: rows.map(\.model), limit: page.limit) { $0.id.uuidString }
    }
}
