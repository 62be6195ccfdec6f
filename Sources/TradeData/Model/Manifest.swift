import FTZCore
import Foundation

/// A vessel's cargo manifest: its bills of lading and the containers they cover.
public struct Manifest: Sendable, Equatable {
    public struct Bill: Sendable, Equatable, Codable {
        public let number: String
        public let consigneeTaxCode: TaxCode?
        public let containers: [Container]
    }

    public struct Container: Sendable, Equatable, Codable {
        public let number: ContainerNumber
        public let isoEquipmentCode: String?
        public let seals: [String]
    }

    public let id: UUID
    public let vesselIMO: IMONumber
    public let voyage: String
    public let portOfLoading: UNLocode
    public let portOfDischarge: UNLocode
    public let bills: [Bill]
    public let digest: String

    public var key: String { "\(vesselIMO)|\(voyage)|\(portOfDischarge)" }
}
