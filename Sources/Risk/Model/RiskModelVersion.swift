import Foundation
import RiskLearning

/// A stored model version as staff see it: when and by whom it was trained, on how many
/// inspected declarations (and the digest of those rows), its held-out metrics, and the
/// score thresholds that turn its probabilities into lanes.
public struct RiskModelVersion: Sendable, Equatable {
    public let version: Int
    public let trainedAt: Date
    public let trainedBy: String
    public let trainingDigest: String
    public let trainingRows: Int
    public let findings: Int
    /// Measured on the newest fifth of the inspected declarations, held out of a first fit.
    public let metrics: InspectionMetrics?
    public let thresholds: LaneSelection.Thresholds
}
