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
        let assignee_id: UUID?
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
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.decisionColumns) FROM dossiers WHERE decided_on IS NOT NULL")
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

/// Rows for the service-level board: decisions and open work by procedure and assignee,
/// and consultations by department, over a period.
extension DossierReportRepository {
    static let decisionColumns = "procedure_code, assignee_id, processing_days, on_time, refusal_reasons"

    struct OpenWork: Decodable {
        let procedure_code: String
        let assignee_id: UUID?
        let n: Int
    }

    struct ConsultationRow: Decodable {
        let department_code: String
        let requested_on: Int
        let due_on: Int
        let answered_at: Date?
    }

    /// Dossiers decided between two days (inclusive).
    func decisions(decidedFrom from: LocalDate, through to: LocalDate, on sql: any SQLDatabase) async throws -> [Decision] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.decisionColumns) FROM dossiers
            WHERE decided_on >= \(bind: from.dayNumber) AND decided_on <= \(bind: to.dayNumber)
            """).all(decoding: Decision.self)
    }

    /// Dossiers in these statuses now, by procedure and assignee.
    func openWork(statuses: [DossierStatus], on sql: any SQLDatabase) async throws -> [OpenWork] {
        try await sql.raw("""
            SELECT procedure_code, assignee_id, COUNT(*) AS n FROM dossiers
            WHERE status IN (\(binds: statuses.map(\.rawValue))) GROUP BY procedure_code, assignee_id
            """).all(decoding: OpenWork.self)
    }

    /// Consultations requested between two days (inclusive).
    func consultations(requestedFrom from: LocalDate, through to: LocalDate, on sql: any SQLDatabase) async throws -> [ConsultationRow] {
        try await sql.raw("""
            SELECT department_code, requested_on, due_on, answered_at FROM consultations
            WHERE requested_on >= \(bind: from.dayNumber) AND requested_on <= \(bind: to.dayNumber)
            """).all(decoding: ConsultationRow.self)
    }
}
