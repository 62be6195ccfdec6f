import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Localization
import Programs

/// Programme values ⇄ generated API types, with texts in the caller's language.
struct ProgrammeMapping {
    let language: Language
    let messages: MessageCatalogue
    let today: LocalDate

    func statusLabel(_ status: ProgressRule.Status) -> String { messages.text("progress.\(status.rawValue)", language) }

    static func counts(_ statuses: [ProgressRule.Status]) -> Components.Schemas.StatusCounts {
        func count(_ status: ProgressRule.Status) -> Int { statuses.filter { $0 == status }.count }
        return .init(onTrack: count(.onTrack), atRisk: count(.atRisk), offTrack: count(.offTrack), noTarget: count(.noTarget),
                     noData: count(.noData))
    }

    func summary(_ progress: ProgrammeService.ProgrammeProgress) -> Components.Schemas.ProgrammeSummary {
        let programme = progress.programme
        return .init(id: programme.id.lowercasedString, number: programme.number, code: programme.code, title: programme.title.text(language),
                     leadSectors: programme.leadSectors, leadDepartment: programme.leadDepartment,
                     status: .init(progress.status), statusLabel: statusLabel(progress.status),
                     indicators: Self.counts(progress.indicators.map(\.assessment.status)), version: programme.version)
    }

    func detail(_ progress: ProgrammeService.ProgrammeProgress) -> Components.Schemas.ProgrammeDetail {
        .init(summary: summary(progress), legalBasis: progress.programme.legalBasis.text(language),
              expectedResults: progress.programme.expectedResults.text(language), indicators: progress.indicators.map(indicator),
              milestones: progress.milestones.map(milestone))
    }

    func indicator(_ progress: ProgrammeService.IndicatorProgress) -> Components.Schemas.IndicatorProgress {
        let indicator = progress.indicator
        let assessment = progress.assessment
        let measuredOn = progress.live?.value != nil ? today : indicator.latestPeriodEnd
        return .init(
            id: indicator.id.lowercasedString, programmeId: indicator.programmeID.lowercasedString, code: indicator.code, group: indicator.group,
            name: indicator.name.text(language), unit: indicator.unit, direction: .init(indicator.direction),
            baseline: indicator.baseline.map { .init(value: $0.value, date: $0.date.description) },
            target: indicator.target.map { .init(low: $0.low, high: $0.high, date: $0.date.description) },
            dataSource: indicator.dataSource, responsibleDepartment: indicator.responsibleDepartment, live: indicator.liveMetric != nil,
            status: .init(assessment.status), statusLabel: messages.text(progress.statusKey, language), actual: assessment.actual,
            measuredOn: assessment.actual == nil ? nil : measuredOn?.description, expected: assessment.expected, ratio: assessment.ratio,
            breakdown: progress.live.flatMap {
                $0.breakdown.isEmpty ? nil : $0.breakdown.map { .init(key: $0.key, value: $0.value, unit: $0.unit, sampleSize: $0.sampleSize) }
            },
            breakdownBy: progress.live?.breakdownBy.flatMap { .init(rawValue: $0.rawValue) },
            sampleSize: progress.live?.sample?.size, sampleOf: progress.live?.sample.flatMap { .init(rawValue: $0.of.rawValue) },
            unavailableReason: progress.live?.unavailable.map { messages.text("programmes.unavailable.\($0.rawValue)", language) },
            version: indicator.version)
    }

    func milestone(_ milestone: Milestone) -> Components.Schemas.Milestone {
        .init(id: milestone.id.lowercasedString, programmeId: milestone.programmeID.lowercasedString, title: milestone.title.text(language),
              dueOn: milestone.dueOn.description, status: .init(milestone.status),
              overdue: milestone.isOverdue(today: today),
              version: milestone.version)
    }

    static func report(_ report: MeasurementReport) -> Components.Schemas.IndicatorReport {
        .init(id: report.id.lowercasedString, indicatorId: report.indicatorID.lowercasedString, value: report.value,
              periodStart: report.periodStart.description, periodEnd: report.periodEnd.description, evidence: report.evidence,
              comment: report.comment, status: .init(report.status), corrects: report.corrects?.lowercasedString,
              submittedBy: report.submittedBy, submittedAt: report.submittedAt, reviewedBy: report.reviewedBy, reviewedAt: report.reviewedAt,
              reviewComment: report.reviewComment)
    }

    /// The series as CSV (RFC 4180): one row per period, the header in English.
    static func csv(_ indicator: Indicator, _ points: [MeasurementReport]) -> String {
        var lines = ["indicator,period_start,period_end,value,unit,report_id,corrected"]
        for point in points {
            lines.append([indicator.code, point.periodStart.description, point.periodEnd.description, Self.number(point.value),
                          indicator.unit, point.id.lowercasedString, point.corrects == nil ? "false" : "true"].map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
