import FTZCore
import Foundation
import Ledger
import Storage

/// The alert rules, evaluated on ingest (for what a batch touched) and on a schedule
/// (dwell time, which grows with no event at all).
extension TradeService {
    struct Finding {
        let rule: TradeCatalogue.AlertRule
        let subject: String
        let container: String?
        let declaration: String?
        let organisation: UUID?
        let details: JSONValue
    }

    /// Replays the tracks of the containers these accepted events touch, records where each
    /// stands, and opens what the rules find.
    func monitor(_ accepted: [ContainerEvent], in tx: Transaction) async throws -> [Alert] {
        let containers = Array(Set(accepted.compactMap { $0.container?.rawValue }))
        guard !containers.isEmpty else { return [] }
        let steps = try await events.steps(of: containers, on: tx.sql)
        let tracks = steps.mapValues(ContainerTrack.replay)
        try await events.saveStatus(tracks, on: tx.sql)
        let fresh = Set(accepted.map(\.eventID))
        var findings: [Finding] = []
        if let rule = catalogue.rule(.impossibleSequence) {
            for (number, track) in tracks.sorted(by: { $0.key < $1.key }) {
                for violation in track.violations where fresh.contains(violation.earlier.eventID) || fresh.contains(violation.later.eventID) {
                    findings.append(Finding(rule: rule, subject: "container:\(number)", container: number, declaration: nil,
                                            organisation: violation.later.organisationID,
                                            details: ["reason": .string(violation.reason), "earlier": Self.describe(violation.earlier),
                                                      "later": Self.describe(violation.later)]))
                }
            }
        }
        if let rule = catalogue.rule(.gateOutWithoutRelease) {
            let gateOuts = accepted.filter { $0.code == "GTOT" && $0.classifier == "ACT" && $0.inZone && $0.container != nil }
            // The port's supervision status decides (F12.2), never a released declaration alone.
            let statuses = try await supervision.statuses(of: gateOuts.map { $0.container!.rawValue }, on: tx.sql)
            for event in gateOuts {
                let seen = statuses[event.container!.rawValue] ?? []
                guard !Self.eligible(seen, at: event.eventAt) else { continue }
                let latest = seen.last { $0.at <= event.eventAt }
                findings.append(Finding(rule: rule, subject: "container:\(event.container!)", container: event.container!.rawValue,
                                        declaration: latest?.declarationNumber, organisation: event.organisationID,
                                        details: ["eventID": .string(event.eventID), "gateOutAt": .string(RFC3339.format(event.eventAt)),
                                                  "location": .optional(event.location?.rawValue), "facility": .optional(event.facility),
                                                  "supervision": .string(latest?.state.rawValue ?? "none")]))
            }
        }
        if let rule = catalogue.rule(.dwellTime) {
            let now = clock.now()
            for (number, track) in tracks.sorted(by: { $0.key < $1.key }) {
                guard track.state == .inYard, track.inZone, let since = track.since, let last = track.last else { continue }
                if let finding = dwellFinding(rule, container: number, since: since, cargoType: last.cargoType, organisation: last.organisationID,
                                              facility: last.facility, now: now) {
                    findings.append(finding)
                }
            }
        }
        return try await open(findings, in: tx)
    }

    func dwellFinding(_ rule: TradeCatalogue.AlertRule, container: String, since: Date, cargoType: CargoType, organisation: UUID?,
                      facility: String?, now: Date) -> Finding? {
        guard let threshold = rule.thresholds?[cargoType.rawValue] ?? rule.thresholds?[CargoType.general.rawValue] else { return nil }
        let hours = now.timeIntervalSince(since) / 3600
        guard hours > threshold else { return nil }
        return Finding(rule: rule, subject: "container:\(container)", container: container, declaration: nil, organisation: organisation,
                       details: ["since": .string(RFC3339.format(since)), "hours": .integer(Int64(hours)), "thresholdHours": .number(threshold),
                                 "cargoType": .string(cargoType.rawValue), "facility": .optional(facility)])
    }

    /// Declared goods whose HS chapters fall outside every chapter the enterprise's licensed
    /// activities allow (divisions the catalogue does not list are not judged).
    func licenceFindings(_ accepted: [Declaration], enterprises: [String: LicensedEnterprise]) -> [Finding] {
        guard let rule = catalogue.rule(.hsOutsideLicensedActivities) else { return [] }
        return accepted.compactMap { declaration in
            guard let enterprise = enterprises[declaration.traderTaxCode.parent.description], let activities = enterprise.activities,
                  let permitted = licensedChapters(of: enterprise) else { return nil }
            let outside = Set(declaration.lines.map(\.hsCode.chapter)).subtracting(permitted).sorted()
            guard !outside.isEmpty else { return nil }
            return Finding(rule: rule, subject: "declaration:\(declaration.number)", container: nil, declaration: declaration.number,
                           organisation: enterprise.organisationID,
                           details: ["version": .integer(Int64(declaration.version)), "chapters": .array(outside.map { .integer(Int64($0)) }),
                                     "activities": .array(activities.map(JSONValue.string))])
        }
    }

    /// HS chapters an enterprise's licensed activities cover (the catalogue maps VSIC
    /// divisions to chapters); nil when it holds no certificate or no division is mapped.
    func licensedChapters(of enterprise: LicensedEnterprise) -> Set<Int>? {
        guard let activities = enterprise.activities else { return nil }
        let allowed = Set(activities.map { String($0.prefix(2)) }).compactMap { catalogue.activityChapters[$0] }
        guard !allowed.isEmpty else { return nil }
        return allowed.reduce(into: Set<Int>()) { $0.formUnion($1) }
    }

    /// Opens an alert per finding unless one is open for the same rule and subject.
    func open(_ findings: [Finding], in tx: Transaction) async throws -> [Alert] {
        guard !findings.isEmpty else { return [] }
        var sequence = try await batches.reserve(findings.count, on: tx.sql)
        var opened: [Alert] = []
        let now = clock.now()
        for finding in findings {
            let alert = Alert(id: UUID.v7(at: now), ruleCode: finding.rule.code, kind: finding.rule.kind, severity: finding.rule.severity,
                              subject: finding.subject, containerNumber: finding.container, declarationNumber: finding.declaration,
                              organisationID: finding.organisation, status: .open, details: finding.details, openedAt: now, version: 1,
                              sequence: sequence)
            sequence += 1
            if try await alerts.insertIfNew(alert, on: tx.sql) { opened.append(alert) }
        }
        return opened
    }

    func recordAlerts(_ opened: [Alert], by actor: Actor, in tx: Transaction) async throws {
        guard !opened.isEmpty else { return }
        _ = try await ledger.append(opened.map { Self.ledgerEvent("opened", $0) }, by: actor, in: tx)
    }

    static func ledgerEvent(_ verb: String, _ alert: Alert) -> LedgerEvent {
        LedgerEvent(action: "trade.alert.\(verb)", subjectType: "alert", subjectID: alert.id.lowercasedString, organisationID: alert.organisationID,
                    payload: ["rule": .string(alert.ruleCode), "kind": .string(alert.kind.rawValue), "subject": .string(alert.subject),
                              "container": .optional(alert.containerNumber), "severity": .string(alert.severity),
                              "status": .string(alert.status.rawValue), "version": .integer(Int64(alert.version))],
                    visibility: .internal)  // a suspicion about the enterprise, not a notice to it
    }

    static func describe(_ step: ContainerTrack.Step) -> JSONValue {
        ["eventID": .string(step.eventID), "code": .string(step.code), "at": .string(RFC3339.format(step.eventAt)),
         "location": .optional(step.location), "facility": .optional(step.facility)]
    }

    /// The scheduled pass: containers whose time in the zone's yards has grown past their
    /// cargo type's threshold since the last event.
    @discardableResult
    public func evaluateDwellTimes() async throws -> [Alert] {
        guard let rule = catalogue.rule(.dwellTime), let shortest = rule.thresholds?.values.min() else { return [] }
        let now = clock.now()
        return try await database.transaction { tx in
            let open = try await self.alerts.openSubjects(rule: rule.code, on: tx.sql)
            let candidates = try await self.events.dwelling(since: now.addingTimeInterval(-shortest * 3600), on: tx.sql)
            let findings = candidates.filter { !open.contains("container:\($0.container_number)") }.compactMap { row in
                self.dwellFinding(rule, container: row.container_number, since: row.since,
                                  cargoType: CargoType(rawValue: row.cargo_type) ?? .general, organisation: row.organisation_id,
                                  facility: row.facility, now: now)
            }
            let opened = try await self.open(findings, in: tx)
            try await self.recordAlerts(opened, by: .system("monitoring"), in: tx)
            if !opened.isEmpty { tx.afterCommit { self.streamSignal.notify() } }
            return opened
        }
    }
}
