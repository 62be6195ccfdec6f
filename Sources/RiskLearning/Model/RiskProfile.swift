import Localization

/// A risk profile in the ASYCUDA manner: when every condition holds on a declaration's
/// features, the declaration goes at least to `lane`, whatever the model says, and the
/// explanation names the profile. Profiles are zone data (`risk.yaml`).
public struct RiskProfile: Sendable, Codable, Equatable {
    public struct Condition: Sendable, Codable, Equatable {
        /// A feature code from the same catalogue.
        public let feature: String
        public let below: Double?
        public let atLeast: Double?

        func holds(_ value: Float) -> Bool {
            guard !value.isNaN else { return false }  // an unknown value proves nothing
            if let below, !(Double(value) < below) { return false }
            if let atLeast, !(Double(value) >= atLeast) { return false }
            return true
        }
    }

    public let code: String
    public let lane: Lane
    public let when: [Condition]
    public let title: LocalizedText

    /// Whether the profile matches a row laid out as `features`.
    public func matches(_ row: [Float], features: [FeatureDefinition]) -> Bool {
        when.allSatisfy { condition in
            guard let index = features.firstIndex(where: { $0.code == condition.feature }) else { return false }
            return condition.holds(row[index])
        }
    }
}

extension Lane {
    /// Red above yellow above green.
    public var severity: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }
}
