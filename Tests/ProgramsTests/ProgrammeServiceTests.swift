import FTZCore
import Localization
import Foundation
import Programs
import Storage
import Testing
import TestSupport

@Suite("The programme catalogue")
struct ProgrammeServiceTests {
    @Test(arguments: TestDatabase.kinds)
    func theTenProblemsAreSeededOnceWithTitlesInFiveLanguages(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            try await f.service.seed()  // a restart seeds nothing twice
            let programmes = try await f.service.programmes()
            #expect(programmes.map(\.number) == Array(1...10))
            let first = try await f.service.programme("P01-RENEWABLE-ENERGY-HUB")
            #expect(first.title.values["vi"]?.contains("năng lượng tái tạo") == true)
            #expect(first.title.text(.ko).contains("재생에너지"), "titles are given in all five languages")
            #expect(first.title.text(.ja) != first.title.text(.en))
            #expect(first.legalBasis.text(.ko) == first.legalBasis.values["en"], "a longer text not translated falls back to English")
            let portfolio = try await f.service.portfolio()
            let investment = try #require(portfolio[0].indicators.first { $0.indicator.code == "P01-INVESTMENT" }?.indicator)
            #expect(investment.target == Target(low: 3000, high: 5000, date: LocalDate("2030-12-31")!))
            let ninth = try #require(portfolio.first { $0.programme.number == 9 })
            #expect(ninth.indicators.count >= 12 && ninth.indicators.allSatisfy { $0.indicator.target == nil && $0.indicator.group != nil })
            #expect(try await f.ledgerActions().filter { $0 == "programmes.programme.created" }.count == 10)
            await #expect(throws: Problem.self) { try await f.service.programme("P99") }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func reportsMoveAnIndicatorAlongItsTrajectoryOnlyOnceAccepted(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            var investment = try await f.indicator("P01-INVESTMENT")
            #expect(try await f.progress("P01-INVESTMENT").assessment.status == .noData)
            // Baseline 0 at the end of 2025; the line to 3,000 by the end of 2030 expects ~51 by
            // 31 January and ~97 by 28 February.
            investment = try await f.service.setTrajectory(
                of: investment.id, baseline: Baseline(value: 0, date: LocalDate("2025-12-31")!),
                target: Target(low: 3000, high: 5000, date: LocalDate("2030-12-31")!), expectedVersion: investment.version, by: f.office)
            await #expect(throws: Problem.self) {  // stale If-Match
                try await f.service.setTrajectory(of: investment.id, baseline: nil, target: nil, expectedVersion: 1, by: f.office)
            }

            let report = try await f.service.submitReport(
                for: investment.id, .init(value: 20, periodStart: LocalDate("2026-01-01")!, periodEnd: LocalDate("2026-01-31")!,
                                          evidence: ["IRC 4321/2026"], comment: "January"), by: f.industryAndTrade)
            #expect(report.status == .submitted)
            #expect(try await f.progress("P01-INVESTMENT").assessment.status == .noData, "a submitted report counts for nothing yet")
            let accepted = try await f.service.review(report.id, accept: true, comment: "checked", by: f.office)
            #expect(accepted.status == .accepted && accepted.reviewedBy == f.office.reference)
            // 20 by 31 January against ~51 expected: off track.
            let january = try await f.progress("P01-INVESTMENT").assessment
            #expect(january.status == .offTrack && january.actual == 20)

            let february = try await f.service.submitReport(
                for: investment.id, .init(value: 100, periodStart: LocalDate("2026-02-01")!, periodEnd: LocalDate("2026-02-28")!),
                by: f.industryAndTrade)
            _ = try await f.service.review(february.id, accept: true, comment: nil, by: f.office)
            #expect(try await f.progress("P01-INVESTMENT").assessment.status == .onTrack)
            let programme = try await f.service.progress(of: "P01-RENEWABLE-ENERGY-HUB")
            #expect(programme.status == .onTrack, "the other two indicators have no baseline and do not count")

            await #expect(throws: Problem.self) { try await f.service.review(february.id, accept: false, comment: nil, by: f.office) }
            let actions = try await f.ledgerActions()
            #expect(actions.suffix(5) == ["programmes.indicator.trajectory_set", "programmes.report.submitted", "programmes.report.accepted",
                                          "programmes.report.submitted", "programmes.report.accepted"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCorrectionReplacesAValueWithoutErasingIt(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            let original = try await f.accepted("P01-GDP-SHARE", 4.0, month: "2026-01")
            try await f.accepted("P01-GDP-SHARE", 4.5, month: "2026-02")
            let correction = try await f.accepted("P01-GDP-SHARE", 4.2, month: "2026-01", corrects: original.id)
            let (indicator, series) = try await f.service.series(original.indicatorID)
            #expect(series.map(\.value) == [4.2, 4.5] && series[0].id == correction.id)
            #expect(indicator.latestValue == 4.5, "the latest period still decides the current value")
            let history = try await f.service.reports(of: indicator.id, page: try PageRequest(limit: 10), by: f.office)
            #expect(history.items.count == 3 && history.items.contains { $0.id == original.id && $0.value == 4.0 })

            let rejected = try await f.service.submitReport(
                for: indicator.id, .init(value: 99, periodStart: LocalDate("2026-03-01")!, periodEnd: LocalDate("2026-03-31")!), by: f.office)
            _ = try await f.service.review(rejected.id, accept: false, comment: "no evidence", by: f.office)
            #expect(try await f.service.series(indicator.id).1.map(\.value) == [4.2, 4.5])

            await #expect(throws: Problem.self) {  // a correction keeps the period of what it corrects
                try await f.service.submitReport(
                    for: indicator.id, .init(value: 1, periodStart: LocalDate("2026-02-01")!, periodEnd: LocalDate("2026-02-28")!,
                                             corrects: original.id), by: f.office)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func departmentsReportOnlyOnTheirOwnIndicators(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            let investment = try await f.indicator("P01-INVESTMENT")
            let input = ProgrammeService.NewReport(value: 1, periodStart: LocalDate("2026-01-01")!, periodEnd: LocalDate("2026-01-31")!)
            func refusal(_ actor: Actor) async -> Problem? {
                do { _ = try await f.service.submitReport(for: investment.id, input, by: actor); return nil } catch { return error as? Problem }
            }
            #expect(await refusal(f.foreignAffairs)?.code == "not_responsible_department")
            #expect(await refusal(f.investor)?.status == .forbidden)
            #expect(await refusal(.anonymous)?.status == .unauthorized)
            await #expect(throws: Problem.self) { try await f.service.reports(of: investment.id, page: try PageRequest(), by: f.foreignAffairs) }
            let mine = try await f.service.submitReport(for: investment.id, input, by: f.industryAndTrade)
            await #expect(throws: Problem.self) { try await f.service.review(mine.id, accept: true, comment: nil, by: f.industryAndTrade) }
            await #expect(throws: Problem.self) {
                try await f.service.setTrajectory(of: investment.id, baseline: nil, target: nil, expectedVersion: 1, by: f.industryAndTrade)
            }
            let queue = try await f.service.reportsAwaitingReview(page: try PageRequest(limit: 1), by: f.office)
            #expect(queue.items.map(\.id) == [mine.id] && queue.nextCursor == nil)

            let wrong = ProgrammeService.NewReport(value: .nan, periodStart: LocalDate("2026-02-01")!, periodEnd: LocalDate("2026-01-01")!)
            do {
                _ = try await f.service.submitReport(for: investment.id, wrong, by: f.industryAndTrade)
                Issue.record("accepted a NaN over a backwards period")
            } catch let problem as Problem {
                #expect(Set(problem.fieldErrors.map(\.pointer)) == ["/value", "/periodEnd"])
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func milestonesChangeUnderIfMatchAndReachTheLedger(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            let milestone = try await f.service.addMilestone(
                to: "P10-SMART-FTZ", title: LocalizedText(["vi": "Vận hành cổng một cửa", "en": "One-stop portal live"]),
                dueOn: LocalDate("2026-06-30")!, by: f.office)
            await #expect(throws: Problem.staleVersion()) {
                try await f.service.updateMilestone(milestone.id, status: .done, dueOn: nil, expectedVersion: 0, by: f.office)
            }
            let done = try await f.service.updateMilestone(milestone.id, status: .done, dueOn: nil, expectedVersion: 1, by: f.office)
            #expect(done.status == .done && done.version == 2)
            await #expect(throws: Problem.self) {
                try await f.service.addMilestone(to: "P10-SMART-FTZ", title: LocalizedText(["en": "x"]), dueOn: LocalDate("2026-01-01")!,
                                                 by: f.industryAndTrade)
            }
            #expect(try await f.service.progress(of: "P10-SMART-FTZ").milestones == [done])
            #expect(try await f.ledgerActions().suffix(2) == ["programmes.milestone.created", "programmes.milestone.updated"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func liveIndicatorsAreMeasuredNotReported(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            f.environment.measurements.withLock {
                $0["licensing.on_time_rate"] = .value(100)
                $0["licensing.filed_last_year"] = .value(30)
                $0["licensing.median_days"] = LiveMeasurement(value: 12, breakdown: [.init(key: "IRC-NEW", value: 12)])
            }
            let onTime = try await f.progress("P10-ON-TIME-RATE")
            #expect(onTime.assessment.status == .noTarget && onTime.assessment.actual == 100, "a target without a baseline")
            #expect(try await f.progress("P10-MEDIAN-LICENSING-DAYS").live?.breakdown.first?.key == "IRC-NEW")
            #expect(try await f.progress("P10-DWELL-TIME").live?.unavailable == .unknownMetric)
            // 30 filed online, 10 on paper at the desk (reported by the zone's desk) → 75 %.
            let desk = try await f.indicator("P10-DESK-FILINGS")
            let paper = try await f.service.submitReport(
                for: desk.id, .init(value: 10, periodStart: LocalDate("2026-02-01")!, periodEnd: LocalDate("2026-02-28")!), by: f.zoneDesk)
            _ = try await f.service.review(paper.id, accept: true, comment: nil, by: f.office)
            #expect(try await f.progress("P10-ONLINE-SHARE").assessment.actual == 75)

            let live = try await f.indicator("P10-ON-TIME-RATE")
            do {
                _ = try await f.service.submitReport(
                    for: live.id, .init(value: 1, periodStart: LocalDate("2026-01-01")!, periodEnd: LocalDate("2026-01-31")!), by: f.office)
                Issue.record("a live indicator took a report")
            } catch let problem as Problem {
                #expect(problem.fieldErrors.map(\.reason) == ["indicator_is_live"])
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aReusedPortfolioStillShowsThisProcesssOwnChangesAtOnce(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind, reuseSeconds: 3600) { f in
            f.environment.measurements.withLock { $0["licensing.on_time_rate"] = .value(90) }
            #expect(try await f.progress("P10-ON-TIME-RATE").assessment.actual == 90)
            f.environment.measurements.withLock { $0["licensing.on_time_rate"] = .value(95) }
            #expect(try await f.progress("P10-ON-TIME-RATE").assessment.actual == 90, "live figures are reused within the hour")
            try await f.accepted("P01-GDP-SHARE", 7, month: "2026-01")
            #expect(try await f.progress("P01-GDP-SHARE").assessment.actual == 7, "an accepted report shows at once")
            f.clock.advance(by: 3601)
            #expect(try await f.progress("P10-ON-TIME-RATE").assessment.actual == 95, "and are measured again after it")
        }
    }
}
