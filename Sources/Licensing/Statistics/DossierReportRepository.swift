import FTZCore
import Foundation
import SQLKit

/// SQL for what licensing reports across dossiers: statistics, the zone's figures, and the
/// register other agencies read. Rows only; the services compute the figures.
struct DossierReportRepository {
    /// The form of a dossier whose certificate was issued.
    struct IssuedForm: Decodable {
        let form: String
        let certificate_number: String?
        let decided_on: Int?
    }

    struct Decision: Decodable {
        let procedure_code: String
        let processing_days: Int?
        let on_time: Bool?
        let refusal_reasons: String?
    }

    struct StatusCount: Decodable {
        let procedure_code: String
        let status: String
        let n: Int
    }

    /// Issued dossiers of the given procedures, of one organisation or of all, in the order decided.
    func issuedForms(procedures: [String], organisation: UUID? = nil, on sql: any SQLDatabase) async throws -> [IssuedForm] {
        var query = SQLQueryString("""
            SELECT form, certificate_number, decided_on FROM dossiers
            WHERE status = \(bind: DossierStatus.certificateIssued.rawValue) AND procedure_code IN (\(binds: procedures))
            """)
        if let organisation { query = query + " AND organisation_id = \(bind: organisation)" }
        return try await sql.raw(query + " ORDER BY decided_on, id").all(decoding: IssuedForm.self)
    }

    /// Decided dossiers, of one procedure or of all.
    func decisions(procedure: String?, on sql: any SQLDatabase) async throws -> [Decision] {
        var query = SQLQueryString("SELECT procedure_code, processing_days, on_time, refusal_reasons FROM dossiers WHERE decided_on IS NOT NULL")
        if let procedure { query = query + " AND procedure_code = \(bind: procedure)" }
        return try await sql.raw(query).all(decoding: Decision.self)
    }

    /// Dossiers by procedure and status, of one procedure or of all.
    func statusCounts(procedure: String?, on sql: any SQLDatabase) async throws -> [StatusCount] {
        var query = SQLQueryString("SELECT procedure_code, status, COUNT(*) AS n FROM dossiers")
        if let procedure { query = query + " WHERE procedure_code = \(bind: procedure)" }
        return try await sql.raw(query + " GROUP BY procedure_code, status").all(decoding: StatusCount.self)
    }

    /// Dossiers submitted on or after a date.
    func submittedCount(since date: LocalDate, on sql: any SQLDatabase) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.raw("SELECT COUNT(*) AS n FROM dossiers WHERE submitted_on >= \(bind: date.dayNumber)").first(decoding: Count.self)?.n ?? 0
    }
}
