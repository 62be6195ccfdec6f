import FTZCore
import Foundation
import Yams

/// The zone's risk settings (`risk.yaml`): the features, the daily lane budget with its
/// random share, and the training parameters.
public struct RiskCatalogue: Sendable, Decodable, Equatable {
    public struct Budget: Sendable, Decodable, Equatable {
        public let red: Double
        public let yellow: Double
        public let randomShare: Double
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

    public init(yaml: String) throws {
        self = try YAMLDecoder().decode(RiskCatalogue.self, from: yaml)
        var problems: [String] = training.problems.map { "training.\($0.field): \($0.reason)" }
        if !(0...1).contains(budget.red) || !(0...1).contains(budget.yellow) || budget.red + budget.yellow > 1 {
            problems.append("budget: red and yellow are shares that add up to at most 1")
        }
        if !(0...1).contains(budget.randomShare) { problems.append("budget.randomShare: a share from 0 to 1") }
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
