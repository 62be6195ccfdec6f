import FTZCore
import Foundation
import SQLKit

/// SQL for consultations of departments.
struct ConsultationRepository {
    private struct Row: Decodable {
        let id: UUID
        let dossier_id: UUID
        let department_code: String
        let department_id: UUID
        let requested_on: Int
        let due_on: Int
        let status: String
        let opinion: String?
        let answer: String?
        let answered_at: Date?

        var model: Consultation {
            // Only this type writes the column, from the enum: another value is a row the
            // code does not understand, and claiming it answered would close the consultation.
            Consultation(id: id, dossierID: dossier_id, departmentCode: department_code, departmentID: department_id,
                         requestedOn: LocalDate(dayNumber: requested_on), dueOn: LocalDate(dayNumber: due_on),
                         status: Consultation.Status(rawValue: status) ?? .pending,
                         opinion: opinion, answer: answer, answeredAt: answered_at)
        }
    }

    private static let columns = "id, dossier_id, department_code, department_id, requested_on, due_on, status, opinion, answer, answered_at"

    func insert(_ consultation: Consultation, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO consultations (id, dossier_id, department_code, department_id, requested_on, due_on, status)
            VALUES (\(bind: consultation.id), \(bind: consultation.dossierID), \(bind: consultation.departmentCode),
                    \(bind: consultation.departmentID), \(bind: consultation.requestedOn.dayNumber), \(bind: consultation.dueOn.dayNumber),
                    \(bind: consultation.status.rawValue))
            """).run()
    }

    func find(_ id: UUID, on sql: any SQLDatabase) async throws -> Consultation? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM consultations WHERE id = \(bind: id)").first(decoding: Row.self)?.model
    }

    func forDossier(_ dossier: UUID, on sql: any SQLDatabase) async throws -> [Consultation] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM consultations WHERE dossier_id = \(bind: dossier) ORDER BY department_code")
            .all(decoding: Row.self).map(\.model)
    }

    /// Answers a pending consultation; false if it was answered already.
    func answer(_ id: UUID, opinion: String, text: String, by author: String, at time: Date, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE consultations SET status = \(bind: Consultation.Status.answered.rawValue), opinion = \(bind: opinion), answer = \(bind: text),
                answered_at = \(bind: time), answered_by = \(bind: author)
            WHERE id = \(bind: id) AND status = \(bind: Consultation.Status.pending.rawValue) RETURNING id
            """).all()).isEmpty
    }

    func queue(department: UUID, pendingOnly: Bool, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<Consultation> {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM consultations WHERE department_id = \(bind: department)")
        if pendingOnly { query = query + " AND status = 'pending'" }
        if let cursor = page.after, let split = cursor.firstIndex(of: ":"), let day = Int(cursor[..<split]),
           let id = UUID(uuidString: String(cursor[cursor.index(after: split)...])) {
            query = query + " AND (due_on > \(bind: day) OR (due_on = \(bind: day) AND id > \(bind: id)))"
        }
        query = query + " ORDER BY due_on, id LIMIT \(bind: page.limit + 1)"
        let rows = try await sql.raw(query).all(decoding: Row.self).map(\.model)
        return Page(fetched: rows, limit: page.limit) { "\($0.dueOn.dayNumber):\($0.id.uuidString)" }
    }
}
