import FTZCore
import Foundation
import SQLKit
import Storage

/// The registry, grants and query journal tables.
struct ExchangeRepository {
    // MARK: Subsystems

    struct SubsystemRow: Decodable {
        let id: UUID
        let identifier: String
        let member_id: UUID
        let member_code: String
        let member_class: String
        let code: String
        let name: String
        let client_id: UUID
        let created_at: Date

        var model: Subsystem {
            Subsystem(id: id, identifier: identifier, memberID: member_id, memberCode: member_code, memberClass: member_class, code: code,
                      name: name, clientID: client_id, createdAt: created_at)
        }
    }

    static let subsystemColumns = "id, identifier, member_id, member_code, member_class, code, name, client_id, created_at"

    func insert(_ subsystem: Subsystem, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            INSERT INTO exchange_subsystems (id, identifier, member_id, member_code, member_class, code, name, client_id, created_at)
            VALUES (\(bind: subsystem.id), \(bind: subsystem.identifier), \(bind: subsystem.memberID), \(bind: subsystem.memberCode),
                    \(bind: subsystem.memberClass), \(bind: subsystem.code), \(bind: subsystem.name), \(bind: subsystem.clientID),
                    \(bind: subsystem.createdAt))
            ON CONFLICT DO NOTHING RETURNING id
            """).all()).isEmpty
    }

    func subsystems(on sql: any SQLDatabase) async throws -> [Subsystem] {
        try await sql.raw("SELECT \(unsafeRaw: Self.subsystemColumns) FROM exchange_subsystems ORDER BY identifier")
            .all(decoding: SubsystemRow.self).map(\.model)
    }

    func subsystem(client: UUID, on sql: any SQLDatabase) async throws -> Subsystem? {
        try await sql.raw("SELECT \(unsafeRaw: Self.subsystemColumns) FROM exchange_subsystems WHERE client_id = \(bind: client)")
            .first(decoding: SubsystemRow.self)?.model
    }

    func subsystem(_ id: UUID, on sql: any SQLDatabase) async throws -> Subsystem? {
        try await sql.raw("SELECT \(unsafeRaw: Self.subsystemColumns) FROM exchange_subsystems WHERE id = \(bind: id)")
            .first(decoding: SubsystemRow.self)?.model
    }

    // MARK: Grants

    struct GrantRow: Decodable {
        let id: UUID
        let subsystem_id: UUID
        let service: String
        let fields: String
        let purposes: String
        let expires_at: Date
        let created_by: String
        let created_at: Date
        let revoked_at: Date?
        let revoked_by: String?

        var model: Grant {
            Grant(id: id, subsystemID: subsystem_id, service: service, fields: Self.list(fields), purposes: Self.list(purposes),
                  expiresAt: expires_at, createdBy: created_by, createdAt: created_at, revokedAt: revoked_at, revokedBy: revoked_by)
        }

        static func list(_ text: String) -> [String] {
            guard let value = try? JSONValue(parsing: Array(text.utf8)), case .array(let items) = value else { return [] }
            return items.compactMap(\.stringValue)
        }
    }

    static let grantColumns = "id, subsystem_id, service, fields, purposes, expires_at, created_by, created_at, revoked_at, revoked_by"

    func insert(_ grant: Grant, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO exchange_grants (id, subsystem_id, service, fields, purposes, expires_at, created_by, created_at)
            VALUES (\(bind: grant.id), \(bind: grant.subsystemID), \(bind: grant.service),
                    \(bind: JSONValue.array(grant.fields.map(JSONValue.string)).canonicalString),
                    \(bind: JSONValue.array(grant.purposes.map(JSONValue.string)).canonicalString), \(bind: grant.expiresAt),
                    \(bind: grant.createdBy), \(bind: grant.createdAt))
            """).run()
    }

    func grants(subsystem: UUID?, on sql: any SQLDatabase) async throws -> [Grant] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.grantColumns) FROM exchange_grants")
        if let subsystem { query = query + " WHERE subsystem_id = \(bind: subsystem)" }
        return try await sql.raw(query + " ORDER BY created_at, id").all(decoding: GrantRow.self).map(\.model)
    }

    func grant(_ id: UUID, on sql: any SQLDatabase) async throws -> Grant? {
        try await sql.raw("SELECT \(unsafeRaw: Self.grantColumns) FROM exchange_grants WHERE id = \(bind: id)").first(decoding: GrantRow.self)?.model
    }

    func revoke(_ id: UUID, at time: Date, by actor: String, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE exchange_grants SET revoked_at = \(bind: time), revoked_by = \(bind: actor)
            WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """).all()).isEmpty
    }

    // MARK: Journal

    func insert(_ records: [QueryRecord], on sql: any SQLDatabase) async throws {
        // 13 binds a row: 300 rows stay under both drivers' limits on bound parameters.
        for slice in SQLBatch.slices(records, of: 300) {
            let rows = slice.map { record -> SQLQueryString in
                """
                (\(bind: record.id), \(bind: record.at), \(bind: record.subsystem), \(bind: record.memberName), \(bind: record.service),
                 \(bind: record.purpose), \(bind: record.official), \(bind: record.subjectOrganisation), \(bind: record.subjectReference),
                 \(bind: record.outcome.rawValue), \(bind: record.reason),
                 \(bind: JSONValue.array(record.fields.map(JSONValue.string)).canonicalString), \(bind: record.ledgerIndex))
                """
            }
            try await sql.raw(SQLQueryString("""
                INSERT INTO exchange_queries (id, at, subsystem, member_name, service, purpose, official, subject_organisation, subject_reference,
                    outcome, reason, fields, ledger_index) VALUES
                """) + SQLBatch.joined(rows)).run()
        }
    }

    struct QueryRow: Decodable {
        let id: UUID
        let at: Date
        let subsystem: String
        let member_name: String
        let service: String
        let purpose: String
        let official: String
        let subject_organisation: UUID?
        let subject_reference: String
        let outcome: String
        let reason: String?
        let fields: String
        let ledger_index: Int64?

        var model: QueryRecord {
            QueryRecord(id: id, at: at, subsystem: subsystem, memberName: member_name, service: service, purpose: purpose, official: official,
                        subjectOrganisation: subject_organisation, subjectReference: subject_reference,
                        outcome: QueryRecord.Outcome(rawValue: outcome) ?? .denied, reason: reason, fields: GrantRow.list(fields),
                        ledgerIndex: ledger_index)
        }
    }

    /// Newest first; an enterprise's own, or everything (optionally one subsystem's).
    func queries(subject: UUID?, subsystem: String?, before: UUID?, limit: Int, on sql: any SQLDatabase) async throws -> [QueryRecord] {
        var query = SQLQueryString("""
            SELECT id, at, subsystem, member_name, service, purpose, official, subject_organisation, subject_reference, outcome, reason, fields,
                ledger_index FROM exchange_queries WHERE 1 = 1
            """)
        if let subject { query = query + " AND subject_organisation = \(bind: subject)" }
        if let subsystem { query = query + " AND subsystem = \(bind: subsystem)" }
        if let before { query = query + " AND id < \(bind: before)" }
        return try await sql.raw(query + " ORDER BY id DESC LIMIT \(bind: limit + 1)").all(decoding: QueryRow.self).map(\.model)
    }
}
