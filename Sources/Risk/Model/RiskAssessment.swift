import Foundation
import Localization
import RiskLearning

/// A declaration's risk assessment: its score and the model version behind it, the
/// reasons in order of weight, the recommended lane, and what an officer and the
/// inspection later made of it. Staff read it; the declarant never does.
public struct RiskAssessment: Sendable, Equatable {
    /// One reason for the lane: a feature with its value and effect on the log-odds, a
    /// profile that forced the lane, the random draw, or the day's budget.
    public struct Reason: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable { case feature, profile, random, budget }
        public let kind: Kind
        public let code: String
        /// The feature's or profile's title; nil for the random draw and the budget, whose
        /// texts are the service's messages.
        public let title: LocalizedText?
        public let display: FeatureDefinition.Display?
        public let value: Float?
        public let effect: Double?
        /// For a profile, the lane it forced.
        public let lane: Lane?

        public func displayValue(_ language: Language) -> String? {
            guard kind == .feature, let value else { return nil }
            return (display ?? .number).format(value, language)
        }
    }

    public struct Decision: Sendable, Equatable {
        public let lane: Lane
        public let reason: String
        public let decidedBy: String
        public let decidedAt: Date
    }

    public struct Outcome: Sendable, Equatable {
        public let finding: Bool
        public let revenue: Double
        public let inspectedAt: Date
    }

    public let declarationID: UUID
    public let declarationNumber: String
    public let declarationVersion: Int
    public let organisationID: UUID?
    public let registeredAt: Date
    public let modelVersion: Int?
    public let score: Double?
    public let reasons: [Reason]
    public let recommendedLane: Lane
    /// The channel VNACCS assigned (the customs feed's): it binds the declarant and the
    /// inspection. The zone's lane beside it is a recommendation; nil when the feed gave none.
    public let customsChannel: Lane?
    public let randomPick: Bool
    public let heldByBudget: Bool
    /// The lane in force: the recommendation until an officer decides.
    public let lane: Lane
    public let decision: Decision?
    public let outcome: Outcome?
    public let assessedAt: Date
    /// Counts changes, for `ETag` and `If-Match`.
    public let version: Int

    /// Whether the zone's lane in force is the channel VNACCS assigned; nil without a channel.
    public var agreesWithCustoms: Bool? { customsChannel.map { $0 == lane } }
}
