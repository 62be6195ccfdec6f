import FTZCore
import Foundation
import Ledger
import SQLKit
import Storage

/// Measurement reports: submitted by the responsible department, reviewed by the programme
/// office. A correction is a new report naming the one it corrects; nothing is overwritten.
extension ProgrammeService {
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
    /// Evidence is a document's number or a web address: an `https`/`http` URL, or text
    /// with no scheme at all, 1–500 characters. Any other scheme (`javascript:`, `data:`,
    /// `file:`) is refused: reviewers open these links (security review, issue 33).
    public static func isEvidenceReference(_ item: String) -> Bool {
        guard (1...500).contains(item.schemaLength), !item.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return false }
        guard let colon = item.firstIndex(of: ":") else { return true }
        let scheme = item[..<colon]
        let looksLikeScheme = scheme.first?.isLetter == true && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
        guard looksLikeScheme else { return true }  // "QĐ 12/2026: annex" is a reference, not a URL
        return isWebAddress(item)
    }

    /// Whether the reference is an `https` or `http` URL with a host (what the console links).
    public static func isWebAddress(_ item: String) -> Bool {
        guard let url = URL(string: item), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
        return scheme == "https" || scheme == "http"
    }

    public func submitReport(for indicatorID: UUID, _ input: NewReport, by actor: Actor) async throws -> MeasurementReport {
        guard let indicator = try await database.read({ try await self.repository.indicator(indicatorID, on: $0) }) else {
            throw Problem.notFound("indicator")
        }
        try await requireReporter(actor, of: indicator)
        var validator = FieldValidator()
        validator.check(indicator.liveMetric == nil, "/value", "indicator_is_live")
        validator.check(input.value.isFinite, "/value", "wrong_type", arguments: ["expected": "number"])
        validator.check(input.periodStart <= input.periodEnd, "/periodEnd", "period_order")
        validator.check(input.evidence.count <= 20, "/evidence", "max_items", arguments: ["max": "20"])
        for (position, item) in input.evidence.enumerated() {
            validator.check(Self.isEvidenceReference(item), "/evidence/\(position)", "evidence_reference")
        }
        if let comment = input.comment { validator.check(comment.schemaLength <= 4000, "/comment", "too_long", arguments: ["max": "4000"]) }
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
            self.catalogueChanged(in: tx)
            return report
        }
    }

    /// One indicator's reports, newest first (the programme office, the responsible department).
    public func reports(of indicatorID: UUID, page: PageRequest, by actor: Actor) async throws -> Page<MeasurementReport> {
        guard let indicator = try await database.read({ try await self.repository.indicator(indicatorID, on: $0) }) else {
            throw Problem.notFound("indicator")
        }
        try await requireReporter(actor, of: indicator)
        return try await reportPage(indicator: indicatorID, status: nil, newestFirst: true, page: page)
    }

    /// Reports awaiting review, oldest first (the programme office).
    public func reportsAwaitingReview(page: PageRequest, by actor: Actor) async throws -> Page<MeasurementReport> {
        try actor.require(anyOf: .programmeOffice, .admin)
        return try await reportPage(indicator: nil, status: .submitted, newestFirst: false, page: page)
    }

    private func reportPage(indicator: UUID?, status: ReportStatus?, newestFirst: Bool, page: PageRequest) async throws
        -> Page<MeasurementReport>
    {
        let after = try page.after.map { cursor throws(Problem) -> UUID in
            guard let id = UUID(uuidString: cursor) else {
                throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("cursor", "cursor_invalid")])
            }
            return id
        }
        let fetched = try await database.read { sql in
            try await self.repository.reportPage(indicator: indicator, status: status, newestFirst: newestFirst, after: after,
                                                 limit: page.limit, on: sql)
        }
        return Page(fetched: fetched, limit: page.limit, key: \.id.uuidString)
    }

    /// The programme office may report on any indicator; a department only on those it is
    /// responsible for (matched by its organisation code).
    func requireReporter(_ actor: Actor, of indicator: Indicator) async throws {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        if !actor.roles.isDisjoint(with: Self.office) { return }
        try actor.require(anyOf: .departmentOfficer, .ezaOfficer, .ezaApprover)
        let code = try await actor.organisationID.asyncMap { try await environment.departmentCode(of: $0) } ?? nil
        guard let code, code == indicator.responsibleDepartment else {
            throw Problem(.forbidden, "not_responsible_department", arguments: ["department": indicator.responsibleDepartment ?? "-"])
        }
    }
}
