import FTZCore
import Foundation

/// One reading from a device on a container or a truck, as a DCSA-style IoT event: a
/// reefer unit's temperature, setpoint and power; an e-seal's state and number; or a GPS
/// position of a truck (carrying a container or not).
public struct TelemetryReading: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case reefer = "REEFER"
        case seal = "IOT"
        case position = "POSITION"
    }

    public enum SealState: String, Sendable, CaseIterable { case closed, opened, tampered }

    public struct Reefer: Sendable, Equatable {
        /// Degrees Celsius, return air as the unit reports it.
        public let temperature: Double
        public let setpoint: Double
        public let humidity: Double?
        public let poweredOn: Bool
    }

    public struct Seal: Sendable, Equatable {
        public let state: SealState
        public let number: String
    }

    public struct Position: Sendable, Equatable {
        public let vehicle: String
        public let latitude: Double
        public let longitude: Double
        /// km/h as the tracker reports it.
        public let speed: Double
    }

    /// The sender's identifier and the reading's key: a resend is a duplicate, other content
    /// under it a conflict.
    public let eventID: String
    public let kind: Kind
    public let observedAt: Date
    public let container: ContainerNumber?
    public let reefer: Reefer?
    public let seal: Seal?
    public let position: Position?
    /// The enterprise whose declaration covers the container, once linked.
    public var organisationID: UUID?
    public let digest: String
}

/// A container's reefer readings summed up over a bucket of time (15 minutes by default):
/// what is kept once the raw readings have aged out.
public struct TelemetryBucket: Sendable, Equatable {
    public let start: Date
    public let readings: Int
    /// Of the temperature, °C.
    public let minimum: Double
    public let mean: Double
    public let maximum: Double
    /// The mean setpoint, °C.
    public let setpoint: Double
}

/// What the container's track shows of its devices.
public struct ContainerTelemetry: Sendable {
    public let container: ContainerNumber
    public let buckets: [TelemetryBucket]
    /// The latest e-seal reading, when one came.
    public let lastSeal: (state: TelemetryReading.SealState, number: String, at: Date)?
    public let readings: Int
}

extension TelemetryReading: ContainerLinked {}
