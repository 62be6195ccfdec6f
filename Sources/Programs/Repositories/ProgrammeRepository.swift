import FTZCore
import Foundation
import Localization
import SQLKit

/// SQL for programmes, indicators, milestones and reports. Localized texts are stored as
/// JSON objects keyed by language.
struct ProgrammeRepository {
    static func text(_ value: LocalizedText) -> String {
        String(decoding: (try? JSONEncoder().encode(value.values)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func localized(_ text: String) -> LocalizedText {
        LocalizedText((try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:])
    }

    // MARK: Programmes

    private struct ProgrammeRow: Decodable {
        let id: UUID
        let number: Int
        let code: String
        let title: String
        let lead_sectors: String
        let lead_department: String?
        let legal_basis: String
        let expected_results: String
        let version: Int

        var model: Programme {
            Programme(id: id, number: number, code: code, title: ProgrammeRepository.localized(title),
                      leadSectors: (try? JSONDecoder().decode([String].self, from: Data(lead_sectors.utf8))) ?? [],
                      leadDepartment: lead_department, legalBasis: ProgrammeRepository.localized(legal_basis),
                      expectedResults: ProgrammeRepository.localized(expected_results), version: version)
        }
    }

    func insert(_ programme: Programme, on sql: any SQLDatabase) async throws {
        let sectors = String(decoding: try JSONEncoder().encode(programme.leadSectors), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO programmes (id, number, code, title, lead_sectors, lead_department, legal_basis, expected_results, version)
            VALUES (\(bind: programme.id), \(bind: programme.number), \(bind: programme.code), \(bind: Self.text(programme.title)),
                    \(bind: sectors), \(bind: programme.leadDepartment), \(bind: Self.text(programme.legalBasis)),
                    \(bind: Self.text(programme.expectedResults)), \(bind: programme.version))
            """).run()
    }

    func programmes(on sql: any SQLDatabase) async throws -> [Programme] {
        try await sql.raw("""
            SELECT id, number, code, title, lead_sectors, lead_department, legal_basis, expected_results, version
            FROM programmes ORDER BY number
            """).all(decoding: ProgrammeRow.self).map(\.model)
    }

    // MARK: Indicators

    private struct IndicatorRow: Decodable {
        let id: UUID
        let programme_id: UUID
        let code: String
        let grouping: String?
        let name: String
        let unit: String
        let direction: String
        let baseline_value: Double?
        let baseline_on: Int?
        let target_low: Double?
        let target_high: Double?
        let target_on: Int?
        let data_source: String
        let responsible_department: String?
        let live_metric: String?
        let latest_value: Double?
        let latest_period_end: Int?
        let version: Int

        var model: Indicator {
            Indicator(id: id, programmeID: programme_id, code: code, group: grouping, name: ProgrammeRepository.localized(name), unit: unit,
                      direction: Direction(rawValue: direction) ?? .higher,
                      baseline: baseline_value.flatMap { value in baseline_on.map { Baseline(value: value, date: LocalDate(dayNumber: $0)) } },
                      target: target_on.map { Target(low: target_low, high: target_high, date: LocalDate(dayNumber: $0)) },
                      dataSource: data_source, responsibleDepartment: responsible_department, liveMetric: live_metric,
                      latestValue: latest_value, latestPeriodEnd: latest_period_end.map(LocalDate.init(dayNumber:)), version: version)
        }
    }

    private static let indicatorColumns = """
        id, programme_id, code, grouping, name, unit, direction, baseline_value, baseline_on, target_low, target_high, target_on,
        data_source, responsible_department, live_metric, latest_value, latest_period_end, version
        """

    func insert(_ indicator: Indicator, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO indicators (id, programme_id, code, grouping, name, unit, direction, baseline_value, baseline_on, target_low,
                                    target_high, target_on, data_source, responsible_department, live_metric, version)
            VALUES (\(bind: indicator.id), \(bind: indicator.programmeID), \(bind: indicator.code), \(bind: indicator.group),
                    \(bind: Self.text(indicator.name)), \(bind: indicator.unit), \(bind: indicator.direction.rawValue),
                    \(bind: indicator.baseline?.value), \(bind: indicator.baseline?.date.dayNumber), \(bind: indicator.target?.low),
                    \(bind: indicator.target?.high), \(bind: indicator.target?.date.dayNumber), \(bind: indicator.dataSource),
                    \(bind: indicator.responsibleDepartment), \(bind: indicator.liveMetric), \(bind: indicator.version))
            """).run()
    }

    func indicators(programme: UUID? = nil, on sql: any SQLDatabase) async throws -> [Indicator] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.indicatorColumns) FROM indicators")
        if let programme { query = query + " WHERE programme_id = \(bind: programme)" }
        return try await sql.raw(query + " ORDER BY code").all(decoding: IndicatorRow.self).map(\.model)
    }

    func indicator(_ id: UUID, on sql: any SQLDatabase, forUpdate: Bool = false) async throws -> Indicator? {
        let lock = sql.rowLock(forUpdate)
        return try await sql.raw("SELECT \(unsafeRaw: Self.indicatorColumns) FROM indicators WHERE id = \(bind: id)\(unsafeRaw: lock)")
            .first(decoding: IndicatorRow.self)?.model
    }

    func indicator(code: String, on sql: any SQLDatabase) async throws -> Indicator? {
        try await sql.raw("SELECT \(unsafeRaw: Self.indicatorColumns) FROM indicators WHERE code = \(bind: code)")
            .first(decoding: IndicatorRow.self)?.model
    }

    func updateTrajectory(_ indicator: Indicator, expectedVersion: Int, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE indicators SET baseline_value = \(bind: indicator.baseline?.value), baseline_on = \(bind: indicator.baseline?.date.dayNumber),
                target_low = \(bind: indicator.target?.low), target_high = \(bind: indicator.target?.high),
                target_on = \(bind: indicator.target?.date.dayNumber), version = version + 1
            WHERE id = \(bind: indicator.id) AND version = \(bind: expectedVersion) RETURNING id
            """).all()).isEmpty
    }

    func setLatest(_ indicator: UUID, value: Double?, periodEnd: LocalDate?, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE indicators SET latest_value = \(bind: value), latest_period_end = \(bind: periodEnd?.dayNumber) WHERE id = \(bind: indicator)
            """).run()
    }

    // MARK: Milestones

    private struct MilestoneRow: Decodable {
        let id: UUID
        let programme_id: UUID
        let title: String
        let due_on: Int
        let status: String
        let version: Int
        var model: Milestone {
            Milestone(id: id, programmeID: programme_id, title: ProgrammeRepository.localized(title), dueOn: LocalDate(dayNumber: due_on),
                      status: MilestoneStatus(rawValue: status) ?? .planned, version: version)
        }
    }

    func insert(_ milestone: Milestone, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO milestones (id, programme_id, title, due_on, status, version)
            VALUES (\(bind: milestone.id), \(bind: milestone.programmeID), \(bind: Self.text(milestone.title)),
                    \(bind: milestone.dueOn.dayNumber), \(bind: milestone.status.rawValue), \(bind: milestone.version))
            """).run()
    }

    func milestones(programme: UUID? = nil, on sql: any SQLDatabase) async throws -> [Milestone] {
        var query = SQLQueryString("SELECT id, programme_id, title, due_on, status, version FROM milestones")
        if let programme { query = query + " WHERE programme_id = \(bind: programme)" }
        return try await sql.raw(query + " ORDER BY due_on, id").all(decoding: MilestoneRow.self).map(\.model)
    }

    func milestone(_ id: UUID, on sql: any SQLDatabase) async throws -> Milestone? {
        try await sql.raw("SELECT id, programme_id, title, due_on, status, version FROM milestones WHERE id = \(bind: id)")
            .first(decoding: MilestoneRow.self)?.model
    }

    func updateMilestone(_ milestone: Milestone, expectedVersion: Int, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE milestones SET status = \(bind: milestone.status.rawValue), due_on = \(bind: milestone.dueOn.dayNumber),
                version = version + 1
            WHERE id = \(bind: milestone.id) AND version = \(bind: expectedVersion) RETURNING id
            """).all()).isEmpty
    }

    // MARK: Reports

    private struct ReportRow: Decodable {
        let id: UUID
        let indicator_id: UUID
        let value: Double
        let period_start: Int
        let period_end: Int
        let evidence: String
        let comment: String?
        let status: String
        let corrects: UUID?
        let submitted_by: String
        let submitted_at: Date
        let reviewed_by: String?
        let reviewed_at: Date?
        let review_comment: String?

        var model: MeasurementReport {
            MeasurementReport(id: id, indicatorID: indicator_id, value: value, periodStart: LocalDate(dayNumber: period_start),
                              periodEnd: LocalDate(dayNumber: period_end),
                              evidence: (try? JSONDecoder().decode([String].self, from: Data(evidence.utf8))) ?? [], comment: comment,
                              status: ReportStatus(rawValue: status) ?? .submitted, corrects: corrects, submittedBy: submitted_by,
                              submittedAt: submitted_at, reviewedBy: reviewed_by, reviewedAt: reviewed_at, reviewComment: review_comment)
        }
    }

    private static let reportColumns = """
        id, indicator_id, value, period_start, period_end, evidence, comment, status, corrects, submitted_by, submitted_at, reviewed_by,
        reviewed_at, review_comment
        """

    func insert(_ report: MeasurementReport, on sql: any SQLDatabase) async throws {
        let evidence = String(decoding: try JSONEncoder().encode(report.evidence), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO indicator_reports (id, indicator_id, value, period_start, period_end, evidence, comment, status, corrects,
                                           submitted_by, submitted_at)
            VALUES (\(bind: report.id), \(bind: report.indicatorID), \(bind: report.value), \(bind: report.periodStart.dayNumber),
                    \(bind: report.periodEnd.dayNumber), \(bind: evidence), \(bind: report.comment), \(bind: report.status.rawValue),
                    \(bind: report.corrects), \(bind: report.submittedBy), \(bind: report.submittedAt))
            """).run()
    }

    func report(_ id: UUID, on sql: any SQLDatabase) async throws -> MeasurementReport? {
        try await sql.raw("SELECT \(unsafeRaw: Self.reportColumns) FROM indicator_reports WHERE id = \(bind: id)")
            .first(decoding: ReportRow.self)?.model
    }

    func review(_ id: UUID, status: ReportStatus, by reviewer: String, at time: Date, comment: String?, on sql: any SQLDatabase)
        async throws -> Bool
    {
        !(try await sql.raw("""
            UPDATE indicator_reports SET status = \(bind: status.rawValue), reviewed_by = \(bind: reviewer), reviewed_at = \(bind: time),
                review_comment = \(bind: comment)
            WHERE id = \(bind: id) AND status = 'submitted' RETURNING id
            """).all()).isEmpty
    }

    func reports(indicator: UUID, on sql: any SQLDatabase) async throws -> [MeasurementReport] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.reportColumns) FROM indicator_reports WHERE indicator_id = \(bind: indicator)
            ORDER BY period_end, submitted_at, id
            """).all(decoding: ReportRow.self).map(\.model)
    }

    /// A page of reports: one indicator's newest first, or the review queue oldest first.
    func reportPage(indicator: UUID?, status: ReportStatus?, newestFirst: Bool, after: UUID?, limit: Int, on sql: any SQLDatabase)
        async throws -> [MeasurementReport]
    {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.reportColumns) FROM indicator_reports WHERE 1 = 1")
        if let indicator { query = query + " AND indicator_id = \(bind: indicator)" }
        if let status { query = query + " AND status = \(bind: status.rawValue)" }
        if let after { query = query + (newestFirst ? " AND id < \(bind: after)" : " AND id > \(bind: after)") }
        query = query + " ORDER BY id \(unsafeRaw: newestFirst ? "DESC" : "ASC") LIMIT \(bind: limit + 1)"
        return try await sql.raw(query).all(decoding: ReportRow.self).map(\.model)
    }
}
