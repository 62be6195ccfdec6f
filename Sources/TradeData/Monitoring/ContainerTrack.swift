import FTZCore
import Foundation

/// Where a container stands, replayed from its actual equipment events in time order, and
/// the moves that cannot have happened.
///
/// States: `in_yard` after a gate-in or a discharge, `on_vessel` after loading, `outside`
/// after a gate-out. Impossible: a discharge after a gate-out with no loading between
/// (the box left by road, then came off a ship), and a second gate-in with no gate-out
/// between. Stuffing, stripping, inspection and the like move nothing.
public struct ContainerTrack: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case unknown, inYard = "in_yard", onVessel = "on_vessel", outside }

    public struct Step: Sendable, Equatable {
        public let eventID: String
        public let code: String
        public let eventAt: Date
        public let inZone: Bool
        public let location: String?
        public let facility: String?
        public let cargoType: CargoType
        public let organisationID: UUID?

        public init(eventID: String, code: String, eventAt: Date, inZone: Bool, location: String?, facility: String?, cargoType: CargoType,
                    organisationID: UUID?) {
            self.eventID = eventID
            self.code = code
            self.eventAt = eventAt
            self.inZone = inZone
            self.location = location
            self.facility = facility
            self.cargoType = cargoType
            self.organisationID = organisationID
        }
    }

    public struct Violation: Sendable, Equatable {
        /// `discharge_after_gate_out` or `second_gate_in`.
        public let reason: String
        public let earlier: Step
        public let later: Step
    }

    public private(set) var state: State = .unknown
    /// When the container entered its current state (the dwell clock for `in_yard`).
    public private(set) var since: Date?
    public private(set) var last: Step?
    public private(set) var inZone = false
    public private(set) var violations: [Violation] = []
    private var lastMove: Step?

    public init() {}

    /// Replays steps in time order (ties keep the given order).
    public static func replay(_ steps: [Step]) -> ContainerTrack {
        var track = ContainerTrack()
        for step in steps.enumerated().sorted(by: { ($0.element.eventAt, $0.offset) < ($1.element.eventAt, $1.offset) }).map(\.element) {
            track.apply(step)
        }
        return track
    }

    mutating func apply(_ step: Step) {
        last = step
        switch step.code {
        case "GTIN":
            if state == .inYard, let lastMove, lastMove.code == "GTIN" {
                violations.append(Violation(reason: "second_gate_in", earlier: lastMove, later: step))
            }
            move(to: .inYard, step)
        case "DISC":
            if state == .outside, let lastMove, lastMove.code == "GTOT" {
                violations.append(Violation(reason: "discharge_after_gate_out", earlier: lastMove, later: step))
            }
            move(to: .inYard, step)
        case "LOAD":
            move(to: .onVessel, step)
        case "GTOT":
            move(to: .outside, step)
        default:
            break
        }
    }

    private mutating func move(to newState: State, _ step: Step) {
        state = newState
        since = step.eventAt
        inZone = newState == .inYard && step.inZone
        lastMove = step
    }
}
