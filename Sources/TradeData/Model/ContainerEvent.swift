import FTZCore
import Foundation

/// A container or vessel event, in the terms of DCSA Track & Trace 2.2, whether it arrived
/// as DCSA JSON or was read from an EDIFACT CODECO, COARRI or IFTSTA message.
public struct ContainerEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case equipment = "EQUIPMENT", transport = "TRANSPORT" }
    public enum Source: String, Sendable, Codable { case dcsa, edifact }

    public struct Reference: Sendable, Equatable, Codable {
        /// DCSA document reference type: BKG (booking), TRD (transport document), …
        public let type: String
        public let value: String
    }

    public let id: UUID
    /// The sender's `eventID`; derived from the event's key for EDIFACT.
    public let eventID: String
    public let kind: Kind
    /// GTIN, GTOT, LOAD, DISC, STUF, STRP, INSP, PICK, DROP, RSEA, RMVD (equipment); ARRI, DEPA (transport).
    public let code: String
    /// ACT (actual), EST (estimated), PLN (planned), REQ (requested).
    public let classifier: String
    public let eventAt: Date
    public let container: ContainerNumber?
    public let isoEquipmentCode: String?
    /// EMPTY or LADEN.
    public let emptyIndicator: String?
    public let location: UNLocode?
    public let facility: String?
    public var inZone: Bool
    public let vesselIMO: IMONumber?
    public let voyage: String?
    public let references: [Reference]
    public let seals: [String]
    public let source: Source
    public var organisationID: UUID?
    public let digest: String

    public static let equipmentCodes: Set<String> = ["GTIN", "GTOT", "LOAD", "DISC", "STUF", "STRP", "INSP", "PICK", "DROP", "RSEA", "RMVD"]
    public static let transportCodes: Set<String> = ["ARRI", "DEPA"]
    public static let classifiers: Set<String> = ["ACT", "EST", "PLN", "REQ"]

    /// What makes two reports the same event, whoever sent them: the subject, what
    /// happened, when, and where.
    public var key: String {
        Self.key(container: container, vesselIMO: vesselIMO, code: code, classifier: classifier, eventAt: eventAt, location: location,
                 facility: facility)
    }

    static func key(container: ContainerNumber?, vesselIMO: IMONumber?, code: String, classifier: String, eventAt: Date, location: UNLocode?,
                    facility: String?) -> String {
        let subject = container?.rawValue ?? vesselIMO.map { "IMO\($0)" } ?? "-"
        return [subject, code, classifier, String(Int64(eventAt.timeIntervalSince1970)), location?.rawValue ?? "-", facility ?? "-"]
            .joined(separator: "|")
    }
}

/// How a container is stored and handled, from its ISO 6346 size-type code and whether it
/// is empty: the dwell-time rule has a threshold per cargo type.
public enum CargoType: String, Sendable, Codable, CaseIterable {
    case general, reefer, tank, empty

    public static func of(isoCode: String?, emptyIndicator: String?) -> CargoType {
        if emptyIndicator == "EMPTY" { return .empty }
        guard let isoCode, isoCode.count == 4 else { return .general }
        switch Array(isoCode)[2] {
        case "R": return .reefer
        case "T": return .tank
        default: return .general
        }
    }
}

/// A feed record about a container that is linked to the enterprise owning it.
protocol ContainerLinked {
    var container: ContainerNumber? { get }
    var organisationID: UUID? { get set }
}

extension ContainerEvent: ContainerLinked {}
