import FTZCore
import Foundation
import SQLKit

/// SQL for machine clients.
struct ClientRepository {
    struct Row: Decodable {
        let id: UUID
        let client_id: String
        let organisation_id: UUID
        let name: String
        let secret_hash: Data
        let roles: String
        let scopes: String
        let disabled: Bool
        let created_at: Date

        var model: MachineClient {
            MachineClient(id: id, clientID: client_id, organisationID: organisation_id, name: name, roles: RoleList.decode(roles),
                          scopes: ScopeList.decode(scopes), disabled: disabled, createdAt: created_at)
        }
    }

    private static let columns = "id, client_id, organisation_id, name, secret_hash, roles, scopes, disabled, created_at"

    func insert(_ client: MachineClient, secretHash: Data, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO clients (id, client_id, organisation_id, name, secret_hash, roles, scopes, disabled, created_at)
            VALUES (\(bind: client.id), \(bind: client.clientID), \(bind: client.organisationID), \(bind: client.name),
                    \(bind: secretHash), \(bind: RoleList.encode(client.roles)), \(bind: ScopeList.encode(client.scopes)),
                    \(bind: client.disabled), \(bind: client.createdAt))
            """).run()
    }

    func find(_ id: UUID, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM clients WHERE id = \(bind: id)").first(decoding: Row.self)
    }

    func find(clientID: String, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM clients WHERE client_id = \(bind: clientID)").first(decoding: Row.self)
    }

    func setDisabled(_ id: UUID, _ disabled: Bool, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE clients SET disabled = \(bind: disabled) WHERE id = \(bind: id)").run()
    }

    func list(organisation: UUID?, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<MachineClient> {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM clients WHERE 1 = 1")
        if let organisation { query = query + " AND organisation_id = \(bind: organisation)" }
        if let after = page.after.flatMap(UUID.init(uuidString:)) { query = query + " AND id > \(bind: after)" }
        query = query + " ORDER BY id LIMIT \(bind: page.limit + 1)"
        let rows = try await sql.raw(query).all(decoding: Row.self)
        return Page(fetched: rows.map(\.model), limit: page.limit) { $0.id.uuidString }
    }
}
