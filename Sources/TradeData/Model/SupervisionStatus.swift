import FTZCore
import Foundation

/// What the port's customs supervision system (VASSCM) says of a container under a
/// declaration: eligible to pass the customs-supervised area, or held. A port may let a
/// container out only once customs shows it eligible (reference F12.2): a released
/// declaration alone is not enough, so the gate-out rule keys on this status.
///
/// The customs seal applied under Art. 50 of Circular 38/2015 (as amended) is customs'
/// own, told apart from the carrier's seal on the manifest (F12.3); transit goods, goods
/// bound for a bonded warehouse and temporary imports for re-export move under a
/// positioning e-seal (F12.4), with the transit's destination.
public struct SupervisionStatus: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// "Đủ điều kiện qua khu vực giám sát hải quan".
        case eligibleToPass = "eligible_to_pass"
        /// Customs asks the port to keep the container: not (or no longer) eligible.
        case held
    }

    public struct CustomsSeal: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            /// An electronic positioning seal (seal định vị điện tử), read by the e-seal telemetry.
            case positioningESeal = "positioning_eseal"
            case conventional
        }

        public let number: String
        public let kind: Kind
    }

    /// A movement under customs supervision from the port to the zone, an inland depot or
    /// another checkpoint, declared on its own transit declaration.
    public struct Transit: Sendable, Equatable {
        public let declarationNumber: String?
        /// The destination: a facility code of the zone, or a UN/LOCODE.
        public let destination: String
    }

    public let id: UUID
    public let containerNumber: ContainerNumber
    public let declarationNumber: String
    public let state: State
    public let at: Date
    public let facility: String?
    /// Whether customs requires a seal (the port list flags "Tờ khai không phải niêm phong").
    public let sealRequired: Bool
    public let customsSeal: CustomsSeal?
    public let transit: Transit?
    public var organisationID: UUID?
    public let digest: String

    /// One status per container, declaration, state and instant: the same message again is a duplicate.
    public var key: String { "\(containerNumber.rawValue)/\(declarationNumber)/\(state.rawValue)/\(Int64(at.timeIntervalSince1970))" }
}
