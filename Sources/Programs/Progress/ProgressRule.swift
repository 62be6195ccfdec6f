import FTZCore
import Foundation

/// How an indicator stands against its trajectory.
///
/// The rule: the expected value at the date of the latest accepted measurement lies on the
/// straight line from the baseline (value, date) to the target threshold (for a range, the
/// bound nearer the baseline) at the target date. Progress made is compared with progress
/// expected, both measured from the baseline:
/// - **on track** — at least the expected progress (or the target met);
/// - **at risk** — at least 80 % of the expected progress;
/// - **off track** — less, or the target date passed unmet.
/// Without a baseline and a target there is no trajectory (`no_target`); without an
/// accepted measurement there is nothing to compare (`no_data`).
public enum ProgressRule {
    public enum Status: String, Sendable, Codable, Comparable, CaseIterable {
        case onTrack = "on_track"
        case atRisk = "at_risk"
        case offTrack = "off_track"
        case noTarget = "no_target"
        case noData = "no_data"

        /// Severity for roll-ups: off track is worst.
        var severity: Int {
            switch self {
            case .offTrack: 3
            case .atRisk: 2
            case .onTrack: 1
            case .noTarget, .noData: 0
            }
        }

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.severity < rhs.severity }
    }

    public struct Assessment: Sendable, Equatable {
        public let status: Status
        /// The value the straight line expects at the measurement's date.
        public let expected: Double?
        public let actual: Double?
        /// Progress made over progress expected (1 = exactly on the line).
        public let ratio: Double?
    }

    /// Share of expected progress below which an indicator is off track rather than at risk.
    public static let atRiskFloor = 0.8

    public static func assess(direction: Direction, baseline: Baseline?, target: Target?, actual: Double?, measuredOn: LocalDate?)
        -> Assessment
    {
        guard let actual, let measuredOn else { return Assessment(status: .noData, expected: nil, actual: nil, ratio: nil) }
        guard let baseline, let target, let goal = target.threshold(direction) else {
            return Assessment(status: .noTarget, expected: nil, actual: actual, ratio: nil)
        }
        let better: (Double, Double) -> Bool = direction == .higher ? (>=) : (<=)
        if measuredOn >= target.date || target.date <= baseline.date {
            return Assessment(status: better(actual, goal) ? .onTrack : .offTrack, expected: goal, actual: actual, ratio: nil)
        }
        let elapsed = Double(measuredOn.dayNumber - baseline.date.dayNumber) / Double(target.date.dayNumber - baseline.date.dayNumber)
        let expected = baseline.value + (goal - baseline.value) * max(0, elapsed)
        let expectedProgress = expected - baseline.value
        let madeProgress = actual - baseline.value
        if better(actual, expected) || expectedProgress == 0 {
            return Assessment(status: .onTrack, expected: expected, actual: actual,
                              ratio: expectedProgress == 0 ? nil : madeProgress / expectedProgress)
        }
        let ratio = madeProgress / expectedProgress
        return Assessment(status: ratio >= atRiskFloor ? .atRisk : .offTrack, expected: expected, actual: actual, ratio: ratio)
    }

    /// A programme's status from its indicators': off track if a third or more of those with
    /// a trajectory are off track; at risk if any is off track or at risk; on track if all
    /// assessed ones are; no data if none can be assessed.
    public static func rollUp(_ statuses: [Status]) -> Status {
        let assessed = statuses.filter { $0 == .onTrack || $0 == .atRisk || $0 == .offTrack }
        guard !assessed.isEmpty else { return .noData }
        let off = assessed.filter { $0 == .offTrack }.count
        if Double(off) * 3 >= Double(assessed.count) { return .offTrack }
        if assessed.contains(where: { $0 != .onTrack }) { return .atRisk }
        return .onTrack
    }
}
