import FTZCore
import Foundation
import Storage

/// Staff work on alerts: list, acknowledge, close. Each change is a ledger entry and a
/// new position in the live stream.
extension TradeService {
    /// Who may see trade data across the zone (alerts, containers, the live stream): the
    /// authority's staff, auditors, and customs. Asked by the console for its menu too.
    public static func monitors(_ actor: Actor) -> Bool {
        actor.isAny(of: Role.zoneStaff) || (actor.has(.departmentOfficer) && actor.organisationKind == .customs)
    }

    func requireStaff(_ actor: Actor) throws {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        if Self.monitors(actor) { return }
        throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "eza_officer, eza_approver, admin, auditor, customs department_officer"])
    }

    public func alerts(status: Alert.Status?, container: String?, organisation: UUID?, page: PageRequest, by actor: Actor) async throws
        -> Page<Alert>
    {
        try requireStaff(actor)
        let after = try page.after.map { cursor throws(Problem) -> UUID in
            guard let id = UUID(uuidString: cursor) else {
                throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("cursor", "cursor_invalid")])
            }
            return id
        }
        let fetched = try await database.read { sql in
            try await self.alerts.list(status: status, container: container, organisation: organisation, after: after, limit: page.limit, on: sql)
        }
        return Page(fetched: fetched, limit: page.limit) { $0.id.uuidString }
    }

    /// One status's alerts for a person working the board: the gravest first, the newest
    /// first within a severity.
    public func alertsGravestFirst(status: Alert.Status, page: PageRequest, by actor: Actor) async throws -> Page<Alert> {
        try requireStaff(actor)
        let after = try page.after.map { cursor throws(Problem) -> (rank: Int, id: UUID) in
            let parts = cursor.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let rank = Int(parts[0]), (0...AlertRepository.gravity.count).contains(rank),
                  let id = UUID(uuidString: String(parts[1])) else {
                throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("cursor", "cursor_invalid")])
            }
            return (rank, id)
        }
        let fetched = try await database.read { sql in
            try await self.alerts.listGravestFirst(status: status, after: after, limit: page.limit, on: sql)
        }
        return Page(fetched: fetched, limit: page.limit) { "\(AlertRepository.rank(of: $0.severity)).\($0.id.uuidString)" }
    }

    public func alert(_ id: UUID, by actor: Actor) async throws -> Alert {
        try requireStaff(actor)
        guard let alert = try await database.read({ try await self.alerts.find(id, on: $0) }) else { throw Problem.notFound("alert") }
        return alert
    }

    public enum AlertAction: String, Sendable, CaseIterable {
        case acknowledge
        case close
    }

    /// Acknowledges (open → acknowledged) or closes (open or acknowledged → closed) an alert;
    /// `If-Match` guards against two officers acting at once.
    public func act(_ action: AlertAction, on id: UUID, comment: String?, expectedVersion: Int, by actor: Actor) async throws -> Alert {
        try requireStaff(actor)
        guard actor.hasAny(.ezaOfficer, .ezaApprover, .admin, .departmentOfficer) else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "eza_officer, eza_approver, admin, customs department_officer"])
        }
        if let comment, comment.schemaLength > 2000 { throw Problem.invalid("/comment", "too_long", arguments: ["max": "2000"]) }
        let changed = try await database.transaction { tx in
            let sequence = try await self.batches.reserve(1, on: tx.sql)
            guard var alert = try await self.alerts.find(id, forUpdate: true, on: tx.sql) else { throw Problem.notFound("alert") }
            guard alert.version == expectedVersion else { throw Problem.staleVersion() }
            let now = self.clock.now()
            switch (action, alert.status) {
            case (.acknowledge, .open):
                alert.status = .acknowledged
                alert.acknowledgedBy = actor.reference
                alert.acknowledgedAt = now
            case (.close, .open), (.close, .acknowledged):
                alert.status = .closed
                alert.closedBy = actor.reference
                alert.closedAt = now
            default:
                let allowed: [String] = switch alert.status {
                case .open: ["acknowledge", "close"]
                case .acknowledged: ["close"]
                case .closed: []
                }
                throw Problem.conflict("alert_transition", arguments: ["status": alert.status.rawValue, "action": action.rawValue], allowed: allowed)
            }
            alert.comment = comment ?? alert.comment
            alert.sequence = sequence
            guard try await self.alerts.update(alert, expectedVersion: expectedVersion, on: tx.sql) else { throw Problem.staleVersion() }
            alert.version += 1
            _ = try await self.ledger.append(Self.ledgerEvent(action == .acknowledge ? "acknowledged" : "closed", alert), by: actor, in: tx)
            tx.afterCommit { self.streamSignal.notify() }
            return alert
        }
        return changed
    }
}
