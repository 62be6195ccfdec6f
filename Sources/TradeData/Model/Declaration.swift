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

/// VNACCS declaration type codes this zone receives, and which way the goods go.
public enum DeclarationType {
    public static let directions: [String: TradeDirection] = [
        // Imports: for consumption, by trading, of investment goods, returned goods…
        "A11": .import, "A12": .import, "A21": .import, "A31": .import, "A41": .import, "A42": .import, "A43": .import, "A44": .import,
        // Exports.
        "B11": .export, "B12": .export, "B13": .export,
        // Non-tariff zone: in from abroad, in from the inland, out abroad, out to the inland.
        "C11": .import, "C12": .import, "C21": .export, "C22": .export,
        // Processing and export production: materials in, products out.
        "E11": .import, "E13": .import, "E15": .import, "E21": .import, "E23": .import, "E31": .import, "E33": .import,
        "E41": .import, "E42": .export, "E52": .export, "E54": .export, "E62": .export, "E82": .export,
        // Temporary import and re-export, temporary export and re-import.
        "G11": .import, "G12": .import, "G13": .import, "G14": .import, "G21": .export, "G22": .export, "G23": .export,
        "G24": .export, "G51": .import, "G61": .export,
    ]
}
