import FTZCore
import Foundation
import SQLKit
import Storage

/// SQL for organisations.
///
/// A verified tax code lives in `tax_code` (unique); one an enterprise gave itself and the
/// authority has not confirmed lives in `claimed_tax_code` (not unique), so a claim never
/// blocks the real enterprise's code and never links trade or shared data.
struct OrganisationRepository {
    private struct Row: Decodable {
        let id: UUID
        let kind: String
        let name: String
        let name_latin: String?
        let country: String
        let tax_code: String?
        let claimed_tax_code: String?
        let preferred_language: String
        let code: String?
        let parent_registration: String?
        let tax_code_verified: Bool
        let created_at: Date
        let version: Int

        var model: Organisation {
            Organisation(id: id, kind: OrganisationKind(rawValue: kind) ?? .investorEnterprise, name: name, nameLatin: name_latin,
                         country: country, taxCode: (tax_code ?? claimed_tax_code).flatMap { try? TaxCode($0) },
                         preferredLanguage: preferred_language, code: code, parentRegistration: parent_registration,
                         taxCodeVerified: tax_code != nil || claimed_tax_code == nil,
                         createdAt: created_at,
                         version: version)
        }
    }

    private static let columns = """
        id, kind, name, name_latin, country, tax_code, claimed_tax_code, preferred_language, code, parent_registration, tax_code_verified,
        created_at, version
        """

    /// The organisation's code in the column it belongs in: (verified, claimed).
    private static func codes(_ organisation: Organisation) -> (String?, String?) {
        let code = organisation.taxCode?.description
        return organisation.taxCodeVerified ? (code, nil) : (nil, code)
    }

    /// What a search looks through: the names and the tax code, folded (``TextFolding``).
    static func searchText(_ organisation: Organisation) -> String {
        TextFolding.folded([organisation.name, organisation.nameLatin ?? "", organisation.taxCode?.description ?? ""].joined(separator: " "))
    }

    func insert(_ organisation: Organisation, on sql: any SQLDatabase) async throws {
        let (verified, claimed) = Self.codes(organisation)
        try await sql.raw("""
            INSERT INTO organisations (id, kind, name, name_latin, country, tax_code, claimed_tax_code, preferred_language, code,
                                       parent_registration, tax_code_verified, created_at, version, search_text)
            VALUES (\(bind: organisation.id), \(bind: organisation.kind.rawValue), \(bind: organisation.name),
                    \(bind: organisation.nameLatin), \(bind: organisation.country), \(bind: verified), \(bind: claimed),
                    \(bind: organisation.preferredLanguage), \(bind: organisation.code), \(bind: organisation.parentRegistration),
                    \(bind: organisation.taxCodeVerified), \(bind: organisation.createdAt), \(bind: organisation.version),
                    \(bind: Self.searchText(organisation)))
            """).run()
    }

    /// Folds the names of organisations stored before search text existed (or written
    /// around the service); returns how many it did.
    func indexSearchText(on sql: any SQLDatabase) async throws -> Int {
        let rows = try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM organisations WHERE search_text IS NULL").all(decoding: Row.self)
        for organisation in rows.map(\.model) {
            try await sql.raw("UPDATE organisations SET search_text = \(bind: Self.searchText(organisation)) WHERE id = \(bind: organisation.id)").run()
        }
        return rows.count
    }

    /// Writes the investor-editable fields if the row is still at `expectedVersion`.
    func update(_ organisation: Organisation, expectedVersion: Int, on sql: any SQLDatabase) async throws -> Bool {
        let (verified, claimed) = Self.codes(organisation)
        return try await sql.raw("""
            UPDATE organisations SET name_latin = \(bind: organisation.nameLatin), tax_code = \(bind: verified),
                claimed_tax_code = \(bind: claimed),
                preferred_language = \(bind: organisation.preferredLanguage), parent_registration = \(bind: organisation.parentRegistration),
                tax_code_verified = \(bind: organisation.taxCodeVerified), search_text = \(bind: Self.searchText(organisation)),
                version = version + 1
            WHERE id = \(bind: organisation.id) AND version = \(bind: expectedVersion)
            RETURNING id
            """).first() != nil
    }

    func find(_ id: UUID, on sql: any SQLDatabase) async throws -> Organisation? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM organisations WHERE id = \(bind: id)")
            .first(decoding: Row.self)?.model
    }

    func find(ids: [UUID], on sql: any SQLDatabase) async throws -> [Organisation] {
        guard !ids.isEmpty else { return [] }
        return try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM organisations WHERE id IN (" + SQLBatch.joined(ids.map { "\(bind: $0)" }) + ")")
            .all(decoding: Row.self).map(\.model)
    }

    func find(code: String, on sql: any SQLDatabase) async throws -> Organisation? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM organisations WHERE code = \(bind: code)")
            .first(decoding: Row.self)?.model
    }

    func find(taxCode: TaxCode, on sql: any SQLDatabase) async throws -> Organisation? {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM organisations WHERE tax_code = \(bind: taxCode.description)
            """)
            .first(decoding: Row.self)?.model
    }

    /// Tax code equal to `text`, or name or Latin name containing it (case-insensitive for
    /// Latin letters on both databases).
    /// Organisations whose folded names and tax code hold every word of `text`, in any order
    /// ("gio bien" finds "Công ty Gió Biển"); a tax code also matches exactly.
    func search(_ text: String, limit: Int, on sql: any SQLDatabase) async throws -> [Organisation] {
        let words = TextFolding.words(text).prefix(8)
        guard !words.isEmpty else { return [] }
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM organisations WHERE tax_code = \(bind: text) OR claimed_tax_code = \(bind: text) OR (1 = 1")
        for word in words {
            // Folded words hold letters and digits only: nothing to escape in the pattern.
            query = query + " AND search_text LIKE \(bind: "%" + word + "%")"
        }
        return try await sql.raw(query + ") ORDER BY id LIMIT \(bind: limit)").all(decoding: Row.self).map(\.model)
    }

    func codeExists(_ code: String, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT id FROM organisations WHERE code = \(bind: code)").first() != nil
    }

    /// Whether an organisation holds `taxCode` verified (a claim does not count).
    func taxCodeExists(_ taxCode: TaxCode, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT id FROM organisations WHERE tax_code = \(bind: taxCode.description)").first() != nil
    }

    /// A page ordered by id (UUIDv7, so by creation time); `only` restricts to one organisation.
    func list(kind: OrganisationKind?, only: UUID?, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<Organisation> {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM organisations WHERE 1 = 1")
        if let kind { query = query + " AND kind = \(bind: kind.rawValue)" }
        if let only { query = query + " AND id = \(bind: only)" }
        if let after = page.after.flatMap(UUID.init(uuidString:)) { query = query + " AND id > \(bind: after)" }
        query = query + " ORDER BY id LIMIT \(bind: page.limit + 1)"
        let rows = try await sql.raw(query).all(decoding: Row.self)
        return Page(fetched: rows.map(\.model), limit: page.limit) { $0.id.uuidString }
    }
}
