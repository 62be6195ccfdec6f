import FTZCore
import Foundation
import SQLKit
import Storage

/// Alerts: at most one not closed per rule and subject.
struct AlertRepository {
    /// Inserts an alert unless one for the same rule and subject is still open.
    func insertIfNew(_ alert: Alert, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            INSERT INTO alerts (id, rule_code, kind, severity, subject, container_number, declaration_number, organisation_id, status, details,
                opened_at, version, seq)
            VALUES (\(bind: alert.id), \(bind: alert.ruleCode), \(bind: alert.kind.rawValue), \(bind: alert.severity), \(bind: alert.subject),
                    \(bind: alert.containerNumber), \(bind: alert.declarationNumber), \(bind: alert.organisationID), \(bind: alert.status.rawValue),
                    \(bind: alert.details.canonicalString), \(bind: alert.openedAt), \(bind: alert.version), \(bind: alert.sequence))
            ON CONFLICT DO NOTHING RETURNING id
            """).all()).isEmpty
    }

    /// Subjects of these rules that have an alert not yet closed.
    func openSubjects(rule: String, on sql: any SQLDatabase) async throws -> Set<String> {
        struct Row: Decodable { let subject: String }
        return Set(try await sql.raw("SELECT subject FROM alerts WHERE rule_code = \(bind: rule) AND status <> 'closed'")
            .all(decoding: Row.self).map(\.subject))
    }

    struct Row: Decodable {
        let id: UUID
        let rule_code: String
        let kind: String
        let severity: String
        let subject: String
        let container_number: String?
        let declaration_number: String?
        let organisation_id: UUID?
        let status: String
        let details: String
        let opened_at: Date
        let acknowledged_by: String?
        let acknowledged_at: Date?
        let closed_by: String?
        let closed_at: Date?
        let comment: String?
        let version: Int
        let seq: Int64

        var model: Alert {
            Alert(id: id, ruleCode: rule_code, kind: AlertRuleKind(rawValue: kind) ?? .impossibleSequence, severity: severity, subject: subject,
                  containerNumber: container_number, declarationNumber: declaration_number, organisationID: organisation_id,
                  status: Alert.Status(rawValue: status) ?? .open,
                  details: (try? JSONDecoder().decode(JSONValue.self, from: Data(details.utf8))) ?? [:], openedAt: opened_at,
                  acknowledgedBy: acknowledged_by, acknowledgedAt: acknowledged_at, closedBy: closed_by, closedAt: closed_at, comment: comment,
                  version: version, sequence: seq)
        }
    }

    static let columns = """
        id, rule_code, kind, severity, subject, container_number, declaration_number, organisation_id, status, details, opened_at,
        acknowledged_by, acknowledged_at, closed_by, closed_at, comment, version, seq
        """

    func find(_ id: UUID, forUpdate: Bool = false, on sql: any SQLDatabase) async throws -> Alert? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM alerts WHERE id = \(bind: id)\(unsafeRaw: sql.rowLock(forUpdate))")
            .first(decoding: Row.self)?.model
    }

    func update(_ alert: Alert, expectedVersion: Int, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE alerts SET status = \(bind: alert.status.rawValue), acknowledged_by = \(bind: alert.acknowledgedBy),
                acknowledged_at = \(bind: alert.acknowledgedAt), closed_by = \(bind: alert.closedBy), closed_at = \(bind: alert.closedAt),
                comment = \(bind: alert.comment), version = version + 1, seq = \(bind: alert.sequence)
            WHERE id = \(bind: alert.id) AND version = \(bind: expectedVersion) RETURNING id
            """).all()).isEmpty
    }

    /// A page, newest first, filtered by status and container.
    func list(status: Alert.Status?, container: String?, organisation: UUID?, after: UUID?, limit: Int, on sql: any SQLDatabase) async throws
        -> [Alert]
    {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM alerts WHERE 1 = 1")
        if let status { query = query + " AND status = \(bind: status.rawValue)" }
        if let container { query = query + " AND container_number = \(bind: container)" }
        if let organisation { query = query + " AND organisation_id = \(bind: organisation)" }
        if let after { query = query + " AND id < \(bind: after)" }
        return try await sql.raw(query + " ORDER BY id DESC LIMIT \(bind: limit + 1)").all(decoding: Row.self).map(\.model)
    }

    /// The severities a board shows first, in order; any other severity comes after them.
    static let gravity = ["high", "medium", "low"]

    /// Alerts of one status, the gravest first and the newest first within a severity, after
    /// `cursor` (a severity's position in ``gravity`` and an id): one range of
    /// `alerts_by_severity` per severity until the page is full, so a long board never sorts.
    func listGravestFirst(status: Alert.Status, after cursor: (rank: Int, id: UUID)?, limit: Int, on sql: any SQLDatabase) async throws
        -> [Alert]
    {
        var found: [Alert] = []
        for rank in (cursor?.rank ?? 0)...Self.gravity.count where found.count <= limit {
            var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM alerts WHERE status = \(bind: status.rawValue)")
            if rank < Self.gravity.count {
                query = query + " AND severity = \(bind: Self.gravity[rank])"
            } else {
                query = query + " AND severity NOT IN ('high', 'medium', 'low')"
            }
            if let cursor, cursor.rank == rank { query = query + " AND id < \(bind: cursor.id)" }
            found += try await sql.raw(query + " ORDER BY id DESC LIMIT \(bind: limit + 1 - found.count)").all(decoding: Row.self).map(\.model)
        }
        return found
    }

    static func rank(of severity: String) -> Int { gravity.firstIndex(of: severity) ?? gravity.count }

    func after(sequence: Int64, limit: Int, on sql: any SQLDatabase) async throws -> [Alert] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM alerts WHERE seq > \(bind: sequence) ORDER BY seq LIMIT \(bind: limit)")
            .all(decoding: Row.self).map(\.model)
    }

    /// Alerts about an organisation not yet closed.
    func unclosedCount(of organisation: UUID, on sql: any SQLDatabase) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM alerts WHERE organisation_id = \(bind: organisation) AND status <> \(bind: Alert.Status.closed.rawValue)
            """).first(decoding: Count.self)?.n ?? 0
    }
}
