import FTZCore
import Foundation
import CatalogueFiles

/// The zone's risk settings (`risk.yaml`): the features, the daily lane budget with its
/// random share, and the training parameters.
public struct RiskCatalogue: Sendable, Decodable, Equatable {
    public struct Budget: Sendable, Decodable, Equatable {
        public let red: Double
        public let yellow: Double
        public let randomShare: Double

        public init(red: Double, yellow: Double, randomShare: Double) {
            self.red = red
            self.yellow = yellow
            self.randomShare = randomShare
        }
    }

    /// A catalogue that cannot be used, and why: the service refuses to start with it.
    public struct Invalid: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { "catalogue file risk.yaml: " + problems.joined(separator: "; ") }
    }

    public let budget: Budget
    public let training: TrainingParameters
    public let features: [FeatureDefinition]
    public let profiles: [RiskProfile]
    /// Inspected declarations needed before a model may be trained.
    public let minimumOutcomes: Int
    /// Values in other currencies are converted to `valuation.currency` with these rates,
    /// so unit prices compare; a currency without a rate leaves the value features unknown.
    public let valuation: Valuation

    public struct Valuation: Sendable, Decodable, Equatable {
        public let currency: String
        /// Units of `currency` per unit of each other currency.
        public let rates: [String: Double]

        public init(currency: String, rates: [String: Double]) {
            self.currency = currency
            self.rates = rates
        }

        /// `amount` in the reference currency, or nil without a rate.
        public func convert(_ amount: Double, from code: String) -> Double? {
            code == currency ? amount : rates[code].map { amount * $0 }
        }
    }

    enum CodingKeys: String, CodingKey { case budget, training, features, profiles, minimumOutcomes, valuation }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        budget = try container.decode(Budget.self, forKey: .budget)
        training = try container.decode(TrainingParameters.self, forKey: .training)
        features = try container.decode([FeatureDefinition].self, forKey: .features)
        profiles = try container.decodeIfPresent([RiskProfile].self, forKey: .profiles) ?? []
        minimumOutcomes = try container.decodeIfPresent(Int.self, forKey: .minimumOutcomes) ?? 50
        valuation = try container.decode(Valuation.self, forKey: .valuation)
    }

    public init(yaml: String) throws {
        self = try CatalogueFile.decode(RiskCatalogue.self, from: yaml, file: "risk.yaml")
        var problems: [String] = training.problems.map { "training.\($0.field): \($0.reason)" }
        if !(0...1).contains(budget.red) || !(0...1).contains(budget.yellow) || budget.red + budget.yellow > 1 {
            problems.append("budget: red and yellow are shares that add up to at most 1")
        }
        if !(0...1).contains(budget.randomShare) { problems.append("budget.randomShare: a share from 0 to 1") }
        if minimumOutcomes < 2 { problems.append("minimumOutcomes: at least 2") }
        if valuation.rates.values.contains(where: { !($0 > 0) }) { problems.append("valuation.rates: positive numbers") }
        if features.isEmpty { problems.append("features: at least one") }
        if Set(features.map(\.code)).count != features.count { problems.append("features: each code once") }
        let codes = Set(features.map(\.code))
        for profile in profiles {
            if profile.when.isEmpty { problems.append("profiles.\(profile.code): at least one condition") }
            for condition in profile.when where !codes.contains(condition.feature) {
                problems.append("profiles.\(profile.code): no feature \(condition.feature)")
            }
            for condition in profile.when where condition.below == nil && condition.atLeast == nil {
                problems.append("profiles.\(profile.code): \(condition.feature) needs below or atLeast")
            }
        }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
    }

    public static func load(directory: URL?) throws -> RiskCatalogue {
        if let directory {
            return try RiskCatalogue(yaml: try String(contentsOf: directory.appendingPathComponent("risk.yaml"), encoding: .utf8))
        }
        guard let text = EmbeddedFiles.contents["Catalogue/hpftz/risk.yaml"] else {
            throw Problem(.internalError, "catalogue_missing", arguments: ["file": "risk.yaml"])
        }
        return try RiskCatalogue(yaml: text)
    }
}
