import Foundation
import Localization

/// A trained model as it is versioned and stored: the feature definitions it learned from
/// (so an edited catalogue cannot silently change what its inputs mean), the parameters,
/// the trees, and what training measured on held-out declarations.
public struct RiskModel: Sendable, Codable, Equatable {
    public let features: [FeatureDefinition]
    public let parameters: TrainingParameters
    public let ensemble: TreeEnsemble
    /// SHA-256 of the training rows (features and labels, in order), hex.
    public let trainingDigest: String
    public let trainingRows: Int
    public let metrics: InspectionMetrics?

    public init(features: [FeatureDefinition], parameters: TrainingParameters, ensemble: TreeEnsemble, trainingDigest: String,
                trainingRows: Int, metrics: InspectionMetrics?) {
        self.features = features
        self.parameters = parameters
        self.ensemble = ensemble
        self.trainingDigest = trainingDigest
        self.trainingRows = trainingRows
        self.metrics = metrics
    }

    public var extractor: FeatureExtractor { FeatureExtractor(definitions: features) }

    /// One feature's part in a score: its value and how far it moved the log-odds.
    public struct Contribution: Sendable, Equatable {
        public let feature: FeatureDefinition
        public let value: Float
        public let effect: Double

        public init(feature: FeatureDefinition, value: Float, effect: Double) {
            self.feature = feature
            self.value = value
            self.effect = effect
        }

        /// The value as a person reads it ("12 %", "yes", "−3.4 σ"), or nil when missing.
        public func displayValue(_ language: Language) -> String? { (feature.display ?? .number).format(value, language) }
    }

    public struct Score: Sendable, Equatable {
        public let probability: Double
        /// The features that moved this score most, largest effect first.
        public let contributions: [Contribution]
    }

    /// The score of one feature row and its `top` strongest reasons.
    public func score(_ row: [Float], top: Int = 5) -> Score {
        let (bias, shares) = ensemble.contributions(row)
        let margin = bias + shares.reduce(0, +)
        let ranked = shares.indices.filter { shares[$0] != 0 }.sorted { abs(shares[$0]) > abs(shares[$1]) }.prefix(top)
        return Score(probability: TreeEnsemble.sigmoid(margin),
                     contributions: ranked.map { Contribution(feature: features[$0], value: row[$0], effect: shares[$0]) })
    }
}
