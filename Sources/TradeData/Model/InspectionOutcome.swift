import FTZCore
import Foundation

/// What customs found when it checked a declaration version: the method, whether there
/// was a finding (and of what kind), and the revenue the finding raised.
public struct InspectionOutcome: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable { case physical, document }
    /// The kinds of finding risk targeting learns to tell apart.
    public enum FindingKind: String, Sendable, CaseIterable {
        case undervaluation, misclassification
        case falseOrigin = "false_origin"
        case prohibitedGoods = "prohibited_goods"
        case other
    }

    public let id: UUID
    public let declarationNumber: String
    public let declarationVersion: Int
    /// The stored declaration version it is about, once found.
    public var declarationID: UUID?
    public let method: Method
    public let finding: Bool
    public let findingKind: FindingKind?
    public let revenue: Money
    public let inspectedAt: Date
    public let digest: String

    public var key: String { "\(declarationNumber)/\(declarationVersion)" }
}
