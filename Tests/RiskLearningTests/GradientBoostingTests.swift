import FTZCore
import Foundation
@testable import RiskLearning
import Testing

/// The learning core on data whose answer is known: it must find the pattern, give the
/// same trees for the same data, and explain each score so the parts add up to it.
@Suite struct GradientBoostingTests {
    /// Rows of three features: x0 drives the outcome, x1 is noise, x2 is missing for a third
    /// of the rows and, when present and high, adds risk. Seeded, so every run sees the same.
    static func sample(rows: Int, seed: UInt64) -> (features: [Float], labels: [UInt8]) {
        var generator = SplitMix64(seed: seed)
        var features: [Float] = [], labels: [UInt8] = []
        for _ in 0..<rows {
            let x0 = generator.unit(), x1 = generator.unit()
            let x2: Float = generator.unit() < 0.33 ? .nan : generator.unit()
            let risk = 4 * (x0 - 0.5) + (x2.isNaN ? 0 : 2 * (x2 - 0.5))
            let label: UInt8 = generator.unit() < 1 / (1 + exp(-risk * 2)) ? 1 : 0
            features += [x0, x1, x2]
            labels.append(label)
        }
        return (features, labels)
    }

    static let parameters = TrainingParameters(trees: 40, maxDepth: 4, learningRate: 0.2, threads: 2)

    @Test func theSameDataAndParametersGiveTheSameModel() {
        let (features, labels) = Self.sample(rows: 40_000, seed: 7)
        let first = GradientBoostingTrainer(parameters: Self.parameters).train(features: features, labels: labels, featureCount: 3)
        let second = GradientBoostingTrainer(parameters: Self.parameters).train(features: features, labels: labels, featureCount: 3)
        #expect(first == second)
        #expect(first.treeCount == 40)
        let other = GradientBoostingTrainer(parameters: Self.parameters)
            .train(features: Self.sample(rows: 40_000, seed: 8).features, labels: labels, featureCount: 3)
        #expect(other != first, "other data, other trees")
    }

    @Test func itRanksHeldOutRowsByTheirRealRisk() {
        let (features, labels) = Self.sample(rows: 30_000, seed: 1)
        let model = GradientBoostingTrainer(parameters: Self.parameters).train(features: features, labels: labels, featureCount: 3)
        let (testFeatures, testLabels) = Self.sample(rows: 10_000, seed: 2)
        let scores = (0..<testLabels.count).map { model.probability(Array(testFeatures[($0 * 3)..<($0 * 3 + 3)])) }
        let metrics = InspectionMetrics(scores: scores, findings: testLabels, revenue: testLabels.map(Double.init))
        #expect(metrics.auc > 0.85, "the pattern is strong; AUC \(metrics.auc)")
        let importance = model.importance
        #expect(importance[0] > importance[1], "the driving feature matters more than the noise: \(importance)")
        #expect(importance[2] > importance[1], "the sometimes-missing feature still counts: \(importance)")
    }

    @Test func anExplanationsPartsAddUpToTheScore() throws {
        let (features, labels) = Self.sample(rows: 20_000, seed: 3)
        let model = GradientBoostingTrainer(parameters: Self.parameters).train(features: features, labels: labels, featureCount: 3)
        for row in [[Float(0.95), 0.5, 0.9], [0.05, 0.5, .nan], [0.5, 0.1, 0.2]] {
            let (bias, shares) = model.contributions(row)
            #expect(abs(bias + shares.reduce(0, +) - model.margin(row)) < 1e-4)
        }
        let risky = model.contributions([0.95, 0.5, 0.9]).byFeature
        #expect(risky[0] > 0 && risky[0] > abs(risky[1]), "a high x0 is what raises this score: \(risky)")
        let missing = model.contributions([0.5, 0.5, .nan]).byFeature
        #expect(missing[2].isFinite, "a missing value follows the learned default side")
    }

    @Test func aModelSurvivesStorage() throws {
        let (features, labels) = Self.sample(rows: 5_000, seed: 4)
        let model = GradientBoostingTrainer(parameters: TrainingParameters(trees: 5, maxDepth: 3))
            .train(features: features, labels: labels, featureCount: 3)
        let stored = try JSONEncoder().encode(model)
        #expect(try JSONDecoder().decode(TreeEnsemble.self, from: stored) == model)
    }

    @Test func parametersOutOfRangeAreNamed() {
        var parameters = TrainingParameters()
        parameters.trees = 0
        parameters.learningRate = 2
        #expect(parameters.problems.map(\.field) == ["trees", "learningRate"])
        #expect(TrainingParameters().problems.isEmpty)
    }

    @Test func inspectionMetricsCountTheTopOfTheRanking() {
        // 200 rows; the 2 highest scores are a hit and a miss; 4 hits in all, revenue 10 each.
        var scores = (0..<200).map { Double($0) / 1_000 }
        var labels = [UInt8](repeating: 0, count: 200)
        scores[10] = 0.9; labels[10] = 1
        scores[11] = 0.8
        for row in [50, 60, 70] { labels[row] = 1 }
        let metrics = InspectionMetrics(scores: scores, findings: labels, revenue: labels.map { Double($0) * 10 })
        #expect(metrics.precisionAt1 == 0.5, "1 % of 200 is the top 2")
        #expect(metrics.revenueRecallAt1 == 0.25)
        #expect(metrics.findings == 4)
        #expect(InspectionMetrics(scores: [0.1, 0.9], findings: [0, 1], revenue: [0, 1]).auc == 1)
        #expect(InspectionMetrics(scores: [0.5, 0.5], findings: [0, 1], revenue: [0, 1]).auc == 0.5)
    }
}
