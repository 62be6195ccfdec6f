import FTZCore
import Programs
import Testing

@Suite("Progress against the straight line from baseline to target")
struct ProgressRuleTests {
    let baseline = Baseline(value: 100, date: LocalDate("2025-01-01")!)
    /// 200 by 2027-01-01: two years, so the line expects 150 at 2026-01-01.
    let target = Target(low: 200, high: nil, date: LocalDate("2027-01-01")!)
    let halfway = LocalDate("2026-01-01")!

    func assess(_ actual: Double?, on date: LocalDate? = nil, direction: Direction = .higher, target: Target? = nil,
                baseline: Baseline? = nil) -> ProgressRule.Assessment {
        ProgressRule.assess(direction: direction, baseline: baseline ?? self.baseline, target: target ?? self.target, actual: actual,
                            measuredOn: actual == nil ? nil : (date ?? halfway))
    }

    @Test func onTheLineOrAboveIsOnTrack() {
        let exactly = assess(150)
        #expect(exactly.status == .onTrack)
        #expect(abs(exactly.expected! - 150) < 0.2, "the line at the halfway date")
        #expect(assess(190).status == .onTrack)
    }

    @Test func eightyPercentOfExpectedProgressIsAtRiskBelowIsOffTrack() {
        // Expected progress at halfway is ~50; 40 made is 80 %, 39 is below.
        #expect(assess(141).status == .atRisk)
        #expect(assess(139).status == .offTrack)
        #expect(assess(90).status == .offTrack, "going backwards")
    }

    @Test func lowerIsBetterMirrorsTheRule() {
        let lower = Target(low: 50, high: nil, date: LocalDate("2027-01-01")!)
        #expect(assess(75, direction: .lower, target: lower).status == .onTrack)
        #expect(assess(79, direction: .lower, target: lower).status == .atRisk)
        #expect(assess(95, direction: .lower, target: lower).status == .offTrack)
    }

    @Test func aRangeTargetIsMetAtItsNearerBound() {
        // USD 3–5 billion by 2030: the line aims at 3.
        let range = Target(low: 3, high: 5, date: LocalDate("2030-12-31")!)
        let start = Baseline(value: 0, date: LocalDate("2025-12-31")!)
        #expect(assess(3.1, on: LocalDate("2031-01-01")!, target: range, baseline: start).status == .onTrack)
        let afterDeadline = assess(2.9, on: LocalDate("2031-01-01")!, target: range, baseline: start)
        #expect(afterDeadline.status == .offTrack && afterDeadline.expected == 3)
    }

    @Test func withoutTargetOrDataThereIsNothingToJudge() {
        #expect(ProgressRule.assess(direction: .higher, baseline: nil, target: nil, actual: 5, measuredOn: halfway).status == .noTarget)
        #expect(assess(nil).status == .noData)
    }

    @Test func aProgrammeIsOffTrackWhenAThirdOfItsIndicatorsAre() {
        #expect(ProgressRule.rollUp([.onTrack, .onTrack, .offTrack]) == .offTrack)
        #expect(ProgressRule.rollUp([.onTrack, .onTrack, .onTrack, .offTrack]) == .atRisk)
        #expect(ProgressRule.rollUp([.onTrack, .atRisk, .noData]) == .atRisk)
        #expect(ProgressRule.rollUp([.onTrack, .noTarget]) == .onTrack)
        #expect(ProgressRule.rollUp([.noData, .noTarget]) == .noData)
    }
}
