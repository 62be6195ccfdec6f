import FTZCore
import Foundation
import Ledger
import Localization
import SQLKit
import Storage

extension ProgrammeService {
    static let office: Set<Role> = [.programmeOffice, .admin]

    /// Whether the actor reviews departments' indicator reports and sets trajectories (the
    /// programme office).
    public static func reviewsReports(_ actor: Actor) -> Bool { actor.isAny(of: office) }

    /// Whether the actor follows the programmes as the city's leadership does (the leaders'
    /// dashboard): the programme office and the authority's approvers.
    public static func followsPortfolio(_ actor: Actor) -> Bool { actor.isAny(of: office.union([.ezaApprover])) }

    /// Sets an indicator's baseline and target (programme office; `If-Match`).
    public func setTrajectory(of id: UUID, baseline: Baseline?, target: Target?, expectedVersion: Int, by actor: Actor) async throws
        -> Indicator
    {
        try actor.require(anyOf: .programmeOffice, .admin)
        var validator = FieldValidator()
        if let target {
            validator.check(target.low != nil || target.high != nil, "/target/low", "required")
            if let low = target.low, let high = target.high { validator.check(low <= high, "/target/high", "range_order") }
            if let baseline { validator.check(target.date > baseline.date, "/target/date", "target_after_baseline") }
        }
        try validator.finish()
        return try await database.transaction { tx in
            guard var indicator = try await self.repository.indicator(id, on: tx.sql, forUpdate: true) else {
                throw Problem.notFound("indicator")
            }
            guard indicator.version == expectedVersion else { throw Problem.staleVersion() }
            indicator.baseline = baseline
            indicator.target = target
            guard try await self.repository.updateTrajectory(indicator, expectedVersion: expectedVersion, on: tx.sql) else {
                throw Problem.staleVersion()
            }
            indicator.version += 1
            try await self.ledger.append(ProgrammeEvents.indicator("trajectory_set", indicator), by: actor, in: tx)
            self.catalogueChanged(in: tx)
            return indicator
        }
    }

    public func addMilestone(to programmeKey: String, title: LocalizedText, dueOn: LocalDate, by actor: Actor) async throws -> Milestone {
        try actor.require(anyOf: .programmeOffice, .admin)
        guard !title.values.isEmpty, title.values.values.allSatisfy({ !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else {
            throw Problem.invalid("/title", "required")
        }
        let programme = try await programme(programmeKey)
        let milestone = Milestone(id: UUID.v7(at: clock.now()), programmeID: programme.id, title: title, dueOn: dueOn, status: .planned,
                                  version: 1)
        try await database.transaction { tx in
            try await self.repository.insert(milestone, on: tx.sql)
            try await self.ledger.append(ProgrammeEvents.milestone("created", milestone), by: actor, in: tx)
            self.catalogueChanged(in: tx)
        }
        return milestone
    }

    public func updateMilestone(_ id: UUID, status: MilestoneStatus, dueOn: LocalDate?, expectedVersion: Int, by actor: Actor) async throws
        -> Milestone
    {
        try actor.require(anyOf: .programmeOffice, .admin)
        return try await database.transaction { tx in
            guard var milestone = try await self.repository.milestone(id, on: tx.sql) else { throw Problem.notFound("milestone") }
            guard milestone.version == expectedVersion else { throw Problem.staleVersion() }
            milestone.status = status
            if let dueOn { milestone.dueOn = dueOn }
            guard try await self.repository.updateMilestone(milestone, expectedVersion: expectedVersion, on: tx.sql) else {
                throw Problem.staleVersion()
            }
            milestone.version += 1
            try await self.ledger.append(ProgrammeEvents.milestone("updated", milestone), by: actor, in: tx)
            self.catalogueChanged(in: tx)
            return milestone
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

enum ProgrammeEvents {
    static func programme(_ verb: String, _ programme: Programme) -> LedgerEvent {
        LedgerEvent(action: "programmes.programme.\(verb)", subjectType: "programme", subjectID: programme.code, organisationID: nil,
                    payload: ["number": .integer(Int64(programme.number)), "title": .optional(programme.title.values["en"])])
    }

    static func indicator(_ verb: String, _ indicator: Indicator) -> LedgerEvent {
        LedgerEvent(action: "programmes.indicator.\(verb)", subjectType: "indicator", subjectID: indicator.code, organisationID: nil,
                    payload: ["baseline": indicator.baseline.map { ["value": .number($0.value), "date": .string($0.date.description)] } ?? .null,
                              "target": indicator.target.map {
                                  ["low": $0.low.map(JSONValue.number) ?? .null, "high": $0.high.map(JSONValue.number) ?? .null,
                                   "date": .string($0.date.description)]
                              } ?? .null,
                              "version": .integer(Int64(indicator.version))])
    }

    static func milestone(_ verb: String, _ milestone: Milestone) -> LedgerEvent {
        LedgerEvent(action: "programmes.milestone.\(verb)", subjectType: "milestone", subjectID: milestone.id.lowercasedString,
                    organisationID: nil, payload: ["status": .string(milestone.status.rawValue), "dueOn": .string(milestone.dueOn.description)])
    }

    static func report(_ verb: String, _ report: MeasurementReport, indicator: Indicator) -> LedgerEvent {
        LedgerEvent(action: "programmes.report.\(verb)", subjectType: "indicator_report", subjectID: report.id.lowercasedString,
                    organisationID: nil,
                    payload: ["indicator": .string(indicator.code), "value": .number(report.value),
                              "periodStart": .string(report.periodStart.description), "periodEnd": .string(report.periodEnd.description),
                              "corrects": .optional(report.corrects?.lowercasedString), "evidence": .array(report.evidence.map(JSONValue.string))])
    }
}
