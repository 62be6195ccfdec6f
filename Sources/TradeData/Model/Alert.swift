import FTZCore
import Foundation

/// Something monitoring found that staff should look at: open → acknowledged → closed.
public struct Alert: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, acknowledged, closed }

    public let id: UUID
    public let ruleCode: String
    public let kind: AlertRuleKind
    public let severity: String
    /// What the alert is about, one open alert per rule and subject: `container:MSKU1234565`.
    public let subject: String
    public let containerNumber: String?
    public let declarationNumber: String?
    public let organisationID: UUID?
    public var status: Status
    /// The facts that triggered it (event times, HS chapters, hours in the zone …).
    public let details: JSONValue
    public let openedAt: Date
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var closedBy: String?
    public var closedAt: Date?
    public var comment: String?
    public var version: Int
    /// Position in the live stream.
    public var sequence: Int64
}

/// The built-in kinds of rule; which run, and with what settings, is the zone's data.
public enum AlertRuleKind: String, Sendable, Codable, CaseIterable {
    /// A gate-out before the port's supervision system showed the container eligible to pass
    /// the supervised area (the kind keeps its first name, which stored alerts carry).
    case gateOutWithoutRelease = "gate_out_without_release"
    case dwellTime = "dwell_time"
    case hsOutsideLicensedActivities = "hs_outside_licensed_activities"
    case impossibleSequence = "impossible_sequence"
    /// A reefer's temperature outside its setpoint ± `toleranceCelsius` for `minutes`.
    case reeferOutOfRange = "reefer_out_of_range"
    case reeferPowerOff = "reefer_power_off"
    /// An e-seal opened without a stripping event within `authorisedHours`, or tampered.
    case sealBreach = "seal_breach"
    /// An e-seal number that is not the customs seal recorded for the container.
    case sealMismatch = "seal_mismatch"
    /// A truck at most `speedKmh` for `minutes` outside every authorised area of the zone.
    case truckStopOutsideArea = "truck_stop_outside_area"

    /// Rules about a container's devices, which its enterprise may follow through webhooks.
    public var isTelemetry: Bool {
        switch self {
        case .reeferOutOfRange, .reeferPowerOff, .sealBreach, .sealMismatch, .truckStopOutsideArea: true
        case .gateOutWithoutRelease, .dwellTime, .hsOutsideLicensedActivities, .impossibleSequence: false
        }
    }
}
