import FTZCore
import Foundation
import SQLKit
import Storage

/// SQL for the documents attached to dossiers (their bytes live in a ``DocumentStore``).
struct DocumentRepository {
    private struct Row: Decodable {
        let id: UUID
        let dossier_id: UUID
        let document_type: String
        let filename: String
        let media_type: String
        let size: Int64
        let sha256: String
        let uploaded_by: String
        let uploaded_at: Date
        let withdrawn_at: Date?
        let replaced_by: UUID?

        var model: DossierDocument {
            DossierDocument(id: id, dossierID: dossier_id, documentType: document_type, filename: filename, mediaType: media_type,
                            size: size, sha256: sha256, uploadedBy: uploaded_by, uploadedAt: uploaded_at, withdrawnAt: withdrawn_at,
                            replacedBy: replaced_by)
        }
    }

    private static let columns = "id, dossier_id, document_type, filename, media_type, size, sha256, uploaded_by, uploaded_at, withdrawn_at, replaced_by"

    func insert(_ document: DossierDocument, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO dossier_documents (id, dossier_id, document_type, filename, media_type, size, sha256, uploaded_by, uploaded_at)
            VALUES (\(bind: document.id), \(bind: document.dossierID), \(bind: document.documentType), \(bind: document.filename),
                    \(bind: document.mediaType), \(bind: document.size), \(bind: document.sha256), \(bind: document.uploadedBy),
                    \(bind: document.uploadedAt))
            """).run()
    }

    /// The documents that count: neither replaced nor removed.
    func list(dossier: UUID, on sql: any SQLDatabase) async throws -> [DossierDocument] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM dossier_documents WHERE dossier_id = \(bind: dossier) AND withdrawn_at IS NULL
            ORDER BY uploaded_at, id
            """).all(decoding: Row.self).map(\.model)
    }

    /// The replaced and removed ones, the latest withdrawn first: the dossier's history.
    func withdrawn(dossier: UUID, on sql: any SQLDatabase) async throws -> [DossierDocument] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM dossier_documents WHERE dossier_id = \(bind: dossier) AND withdrawn_at IS NOT NULL
            ORDER BY withdrawn_at DESC, id
            """).all(decoding: Row.self).map(\.model)
    }

    /// Marks a current document as no longer counting; false if it already did not.
    func withdraw(_ id: UUID, at instant: Date, replacedBy: UUID?, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE dossier_documents SET withdrawn_at = \(bind: instant), replaced_by = \(bind: replacedBy)
            WHERE id = \(bind: id) AND withdrawn_at IS NULL RETURNING id
            """).all()).isEmpty
    }

    /// Every document in the organisation's dossiers, newest first, with its dossier's
    /// reference and procedure.
    func list(organisation: UUID, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<EnterpriseDocument> {
        var query = SQLQueryString("""
            SELECT d.id, d.dossier_id, d.document_type, d.filename, d.media_type, d.size, d.sha256, d.uploaded_by, d.uploaded_at,
                   d.withdrawn_at, d.replaced_by, o.reference, o.procedure_code
            FROM dossier_documents d JOIN dossiers o ON o.id = d.dossier_id
            WHERE o.organisation_id = \(bind: organisation) AND d.withdrawn_at IS NULL
            """)
        if let before = page.after.flatMap(UUID.init(uuidString:)) { query = query + " AND d.id < \(bind: before)" }
        let rows = try await sql.raw(query + " ORDER BY d.id DESC LIMIT \(bind: page.limit + 1)").all(decoding: EnterpriseRow.self)
        return Page(fetched: rows.map(\.model), limit: page.limit) { $0.document.id.uuidString }
    }

    private struct EnterpriseRow: Decodable {
        let document: Row
        let reference: String?
        let procedure_code: String

        init(from decoder: any Decoder) throws {
            document = try Row(from: decoder)
            let container = try decoder.container(keyedBy: Keys.self)
            reference = try container.decodeIfPresent(String.self, forKey: .reference)
            procedure_code = try container.decode(String.self, forKey: .procedure_code)
        }

        private enum Keys: String, CodingKey { case reference, procedure_code }

        var model: EnterpriseDocument {
            EnterpriseDocument(document: document.model, dossierReference: reference, procedureCode: procedure_code)
        }
    }

    func find(_ id: UUID, dossier: UUID, on sql: any SQLDatabase) async throws -> DossierDocument? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM dossier_documents WHERE id = \(bind: id) AND dossier_id = \(bind: dossier)")
            .first(decoding: Row.self)?.model
    }

    private struct Total: Decodable { let total: Int64? }
    private struct Digest: Decodable { let sha256: String }

    /// Bytes of every document in the organisation's dossiers (its storage quota's use).
    func totalSize(organisation: UUID, on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("""
            SELECT CAST(SUM(d.size) AS BIGINT) AS total FROM dossier_documents d JOIN dossiers o ON o.id = d.dossier_id
            WHERE o.organisation_id = \(bind: organisation)
            """).first(decoding: Total.self)?.total ?? 0
    }

    /// Which of `digests` some document refers to.
    func referencedDigests(among digests: [String], on sql: any SQLDatabase) async throws -> Set<String> {
        guard !digests.isEmpty else { return [] }
        return Set(try await sql.raw("""
            SELECT DISTINCT sha256 FROM dossier_documents WHERE sha256 IN (\(SQLBatch.joined(digests.map { "\(bind: $0)" as SQLQueryString })))
            """).all(decoding: Digest.self).map(\.sha256))
    }
}
