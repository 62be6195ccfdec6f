import FTZCore
import Foundation

/// A customs declaration as VNACCS registers it. An amendment is a new version of the same
/// number; every version is kept, the latest one counts.
public struct Declaration: Sendable, Equatable {
    public enum Channel: String, Sendable, Codable, CaseIterable { case green, yellow, red }
    public enum Status: String, Sendable, Codable, CaseIterable { case registered, cleared, released, cancelled }

    public struct Line: Sendable, Equatable, Codable {
        public let hsCode: HSCode
        public let description: String
        public let quantity: Double
        public let unit: String
        public let value: Money
        public let originCountry: String
        public let grossWeightKg: Double?

        public init(hsCode: HSCode, description: String, quantity: Double, unit: String, value: Money, originCountry: String,
                    grossWeightKg: Double? = nil) {
            self.hsCode = hsCode
            self.description = description
            self.quantity = quantity
            self.unit = unit
            self.value = value
            self.originCountry = originCountry
            self.grossWeightKg = grossWeightKg
        }
    }

    public let id: UUID
    public let number: String
    public let version: Int
    public let typeCode: String
    public let direction: TradeDirection
    public let registeredAt: Date
    public let declarantTaxCode: TaxCode
    public let traderTaxCode: TaxCode
    public let traderName: String
    public var organisationID: UUID?
    public let totalValue: Money
    public let channel: Channel
    public let status: Status
    public let lines: [Line]
    public let containers: [ContainerNumber]
    /// SHA-256 of the canonical content: what makes a resend a duplicate.
    public let digest: String
}

public enum TradeDirection: String, Sendable, Codable {
    case `import`
    case export
}
