import FTZCore
import Foundation
import Ledger
import Localization
import SQLKit
import Storage

extension ProgrammeService {
    static let office: Set<Role> = [.programmeOffice, .admin]

    /// Sets an indicator's baseline and target (programme office; `If-Match`).
    public func setTrajectory(of id: UUID, baseline: Baseline?, target: Target?, expectedVersion: Int?, by actor: Actor) async throws
        -> Indicator
    {
        try actor.require(anyOf: .programmeOffice, .admin)
        guard let expectedVersion else { throw Problem(.preconditionRequired, "if_match_required") }
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
            return indicator
        }
    }

    public func addMilestone(to programmeKey: String, title: LocalizedText, dueOn: LocalDate, by actor: Actor) async throws -> Milestone {
        try actor.require(anyOf: .programmeOffice, .admin)
        guard !title.values.isEmpty, title.values.values.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw Problem.invalid("/title", "required")
        }
        let programme = try await programme(programmeKey)
        let milestone = Milestone(id: UUID.v7(at: clock.now()), programmeID: programme.id, title: title, dueOn: dueOn, status: .planned,
                                  version: 1)
        try await database.transaction { tx in
            try await self.repository.insert(milestone, on: tx.sql)
            try await self.ledger.append(ProgrammeEvents.milestone("created", milestone), by: actor, in: tx)
        }
        return milestone
    }

    public func updateMilestone(_ id: UUID, status: MilestoneStatus, dueOn: LocalDate?, expectedVersion: Int?, by actor: Actor) async throws
        -> Milestone
    {
        try actor.require(anyOf: .programmeOffice, .admin)
        guard let expectedVersion else { throw Problem(.preconditionRequired, "if_match_required") }
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
            return milestone
        }
    }

    public struct NewReport: Sendable {
        public var value: Double
        public var periodStart: LocalDate
        public var periodEnd: LocalDate
        public var evidence: [String]
        public var comment: String?
        public var corrects: UUID?
        public init(value: Double, periodStart: LocalDate, periodEnd: LocalDate, evidence: [String] = [], comment: String? = nil,
                    corrects: UUID? = nil) {
            self.value = value
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.evidence = evidence
            self.comment = comment
            self.corrects = corrects
        }
    }

    /// A measurement by the indicator's responsible department (or the programme office). A
    /// correction names the report it corrects and covers the same period.
    public func submitReport(for indicatorID: UUID, _ input: NewReport, by actor: Actor) async throws -> MeasurementReport {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard let indicator = try await database.read({ try await self.repository.indicator(indicatorID, on: $0) }) else {
            throw Problem.notFound("indicator")
        }
        let isOffice = !actor.roles.isDisjoint(with: Self.office)
        if !isOffice {
            try actor.require(anyOf: .departmentOfficer)
            let code = try await actor.organisationID.asyncMap { try await environment.departmentCode(of: $0) } ?? nil
            guard let code, code == indicator.responsibleDepartment else {
                throw Problem(.forbidden, "not_responsible_department", arguments: ["department": indicator.responsibleDepartment ?? "-"])
            }
        }
        var validator = FieldValidator()
        validator.check(indicator.liveMetric == nil, "/value", "indicator_is_live")
        validator.check(input.value.isFinite, "/value", "wrong_type", arguments: ["expected": "number"])
        validator.check(input.periodStart <= input.periodEnd, "/periodEnd", "period_order")
        validator.check(input.evidence.count <= 20, "/evidence", "max_items", arguments: ["max": "20"])
        if let comment = input.comment { validator.check(comment.count <= 4000, "/comment", "too_long", arguments: ["max": "4000"]) }
        try validator.finish()
        let report = MeasurementReport(id: UUID.v7(at: clock.now()), indicatorID: indicatorID, value: input.value,
                                       periodStart: input.periodStart, periodEnd: input.periodEnd, evidence: input.evidence,
                                       comment: input.comment, status: .submitted, corrects: input.corrects, submittedBy: actor.reference,
                                       submittedAt: clock.now(), reviewedBy: nil, reviewedAt: nil, reviewComment: nil)
        try await database.transaction { tx in
            if let corrected = input.corrects {
                guard let original = try await self.repository.report(corrected, on: tx.sql), original.indicatorID == indicatorID else {
                    throw Problem.invalid("/corrects", "report_unknown")
                }
                guard original.periodStart == input.periodStart, original.periodEnd == input.periodEnd else {
                    throw Problem.invalid("/periodStart", "correction_same_period")
                }
            }
            try await self.repository.insert(report, on: tx.sql)
            try await self.ledger.append(ProgrammeEvents.report("submitted", report, indicator: indicator), by: actor, in: tx)
        }
        return report
    }

    /// The programme office accepts or rejects a report; an accepted one may move the
    /// indicator's latest value.
    public func review(_ reportID: UUID, accept: Bool, comment: String?, by actor: Actor) async throws -> MeasurementReport {
        try actor.require(anyOf: .programmeOffice, .admin)
        return try await database.transaction { tx in
            guard var report = try await self.repository.report(reportID, on: tx.sql),
                  let indicator = try await self.repository.indicator(report.indicatorID, on: tx.sql, forUpdate: true)
            else { throw Problem.notFound("report") }
            let now = self.clock.now()
            guard try await self.repository.review(reportID, status: accept ? .accepted : .rejected, by: actor.reference, at: now,
                                                   comment: comment, on: tx.sql) else {
                throw Problem.conflict("report_reviewed", arguments: ["status": report.status.rawValue])
            }
            report.status = accept ? .accepted : .rejected
            report.reviewedBy = actor.reference
            report.reviewedAt = now
            report.reviewComment = comment
            if accept {
                let series = Self.acceptedSeries(try await self.repository.reports(indicator: indicator.id, on: tx.sql))
                try await self.repository.setLatest(indicator.id, value: series.last?.value, periodEnd: series.last?.periodEnd, on: tx.sql)
            }
            try await self.ledger.append(ProgrammeEvents.report(accept ? "accepted" : "rejected", report, indicator: indicator),
                                         by: actor, in: tx)
            return report
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
