import FTZCore
import Foundation
@testable import RiskLearning
import Testing

@Suite("Selectivity lanes within the day's budget")
struct LaneSelectionTests {
    static let budget = RiskCatalogue.Budget(red: 0.05, yellow: 0.15, randomShare: 0.01)

    @Test func theDaysBudgetCapsWhatTheScoreAsksFor() {
        // Every declaration of the day scores as red: the budget lets 5 % through as red and
        // 15 % as yellow; the rest go green, each saying the budget held it back.
        var day = LaneSelection.DayCounts()
        let thresholds = LaneSelection.Thresholds(red: 0.5, yellow: 0.2)
        var lanes: [Lane: Int] = [:]
        var held = 0
        for _ in 0..<1_000 {
            let selection = LaneSelection.choose(probability: 0.9, thresholds: thresholds, profiles: [], budget: Self.budget, draw: 0.5, day: &day)
            lanes[selection.lane, default: 0] += 1
            if selection.heldByBudget { held += 1 }
        }
        #expect(lanes[.red] == 50 && lanes[.yellow] == 150 && lanes[.green] == 800)
        #expect(held == 950)
        #expect(day == LaneSelection.DayCounts(assessed: 1_000, red: 50, yellow: 150))
    }

    @Test func aProfileForcesItsLaneWhateverTheScoreAndTheBudget() throws {
        let profile = try JSONDecoder().decode(RiskProfile.self, from: Data("""
            {"code": "UNDERVALUED", "lane": "red", "when": [{"feature": "z", "below": -2.5}], "title": {"en": "Undervalued"}}
            """.utf8))
        var day = LaneSelection.DayCounts(assessed: 100, red: 100, yellow: 0)
        let selection = LaneSelection.choose(probability: 0.01, thresholds: .init(red: 0.5, yellow: 0.2), profiles: [profile],
                                             budget: Self.budget, draw: 0.5, day: &day)
        #expect(selection.lane == .red && selection.scoreLane == .green && selection.profiles.map(\.code) == ["UNDERVALUED"])
        #expect(!selection.randomPick)
    }

    @Test func theRandomShareIsDrawnFromGreenAndOnlyFromGreen() {
        var day = LaneSelection.DayCounts()
        var picks = 0
        let count = 100_000
        for index in 0..<count {
            let id = UUID.v7(at: Date(timeIntervalSince1970: 1_772_323_200 + Double(index)))
            let selection = LaneSelection.choose(probability: 0.01, thresholds: .init(red: 0.5, yellow: 0.2), profiles: [],
                                                 budget: Self.budget, draw: LaneSelection.draw(for: id), day: &day)
            if selection.randomPick {
                picks += 1
                #expect(selection.lane == .red && selection.scoreLane == .green)
            }
        }
        // 1 % of 100,000: a binomial's standard deviation is about 31.
        #expect((850...1_150).contains(picks), "\(picks) random picks")
        let id = UUID()
        #expect(LaneSelection.draw(for: id) == LaneSelection.draw(for: id), "the same declaration draws the same")
        var redDay = LaneSelection.DayCounts()
        let red = LaneSelection.choose(probability: 0.9, thresholds: .init(red: 0.5, yellow: 0.2), profiles: [], budget: Self.budget,
                                       draw: 0, day: &redDay)
        #expect(red.lane == .red && !red.randomPick, "a declaration already red is not a random pick")
    }

    @Test func thresholdsPutTheBudgetsShareOfScoresInEachLane() {
        let scores = (0..<1_000).map { Double($0) / 1_000 }
        let thresholds = LaneSelection.Thresholds(scores: scores, budget: Self.budget)
        #expect(scores.filter { $0 >= thresholds.red }.count == 50)
        #expect(scores.filter { $0 >= thresholds.yellow && $0 < thresholds.red }.count == 150)
        #expect(LaneSelection.Thresholds(scores: [0.3], budget: Self.budget).red > 1, "too few scores for one red: none is red")
    }
}
