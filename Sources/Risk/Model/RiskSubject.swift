import Foundation
import RiskLearning

/// A declaration as risk targeting receives it from the trade feed: who declared it, for
/// whom, and one set of facts per goods line. The riskiest line speaks for the declaration.
public struct RiskSubject: Sendable {
    public let declarationID: UUID
    public let number: String
    public let version: Int
    public let organisationID: UUID?
    public let registeredAt: Date
    public let declarant: String
    public let importer: String
    public let lines: [DeclarationFacts]
    /// The channel VNACCS assigned, as the customs feed reports it: the binding one.
    public let customsChannel: Lane?

    public init(declarationID: UUID, number: String, version: Int, organisationID: UUID?, registeredAt: Date, declarant: String,
                importer: String, lines: [DeclarationFacts], customsChannel: Lane? = nil) {
        self.customsChannel = customsChannel
        self.declarationID = declarationID
        self.number = number
        self.version = version
        self.organisationID = organisationID
        self.registeredAt = registeredAt
        self.declarant = declarant
        self.importer = importer
        self.lines = lines
    }
}

/// What an inspection of a declaration found, in the zone's reference currency.
public struct RiskOutcome: Sendable {
    public let declarationID: UUID
    public let finding: Bool
    public let revenue: Double
    public let inspectedAt: Date

    public init(declarationID: UUID, finding: Bool, revenue: Double, inspectedAt: Date) {
        self.declarationID = declarationID
        self.finding = finding
        self.revenue = revenue
        self.inspectedAt = inspectedAt
    }
}
