import FTZCore
import Foundation

/// How a declaration's recommended lane is chosen, in the ASYCUDA manner: the model's score
/// sets a lane within the day's inspection budget, a matching profile forces a lane at
/// least as strict, and a random share of what would pass green is inspected anyway so
/// that the hit rate of that sample estimates what the model misses.
public struct LaneSelection: Sendable, Equatable {
    /// Scores at or above which the model recommends red, or yellow: the quantiles of the
    /// model's scores on its own training declarations that match the budget's shares.
    public struct Thresholds: Sendable, Codable, Equatable {
        public let red: Double
        public let yellow: Double

        public init(red: Double, yellow: Double) {
            self.red = red
            self.yellow = yellow
        }

        /// The thresholds that put `budget.red` of `scores` in red and `budget.yellow` in yellow.
        public init(scores: [Double], budget: RiskCatalogue.Budget) {
            let sorted = scores.sorted(by: >)
            func quantile(_ share: Double) -> Double {
                guard !sorted.isEmpty else { return 1 }
                let count = Int((share * Double(sorted.count)).rounded(.down))
                // A share too small for one declaration: no probability reaches 2.
                return count == 0 ? 2 : sorted[min(count, sorted.count) - 1]
            }
            self.init(red: quantile(budget.red), yellow: quantile(budget.red + budget.yellow))
        }
    }

    /// What has been recommended on the declaration's day so far.
    public struct DayCounts: Sendable, Equatable {
        public var assessed: Int
        public var red: Int
        public var yellow: Int

        public init(assessed: Int = 0, red: Int = 0, yellow: Int = 0) {
            self.assessed = assessed
            self.red = red
            self.yellow = yellow
        }

        mutating func count(_ lane: Lane) {
            assessed += 1
            if lane == .red { red += 1 }
            if lane == .yellow { yellow += 1 }
        }
    }

    public let lane: Lane
    /// The lane the score alone asked for, before the budget and the profiles.
    public let scoreLane: Lane?
    /// The profiles that matched, strictest first; the first one set the lane if it is stricter.
    public let profiles: [RiskProfile]
    /// The score asked for a stricter lane than the day's budget had left.
    public let heldByBudget: Bool
    /// Drawn at random from the green lane for inspection.
    public let randomPick: Bool

    /// Chooses the lane and counts it into `day`. `draw` is a uniform number in [0, 1)
    /// fixed for the declaration, so the same declaration always draws the same.
    public static func choose(probability: Double?, thresholds: Thresholds?, profiles matching: [RiskProfile], budget: RiskCatalogue.Budget,
                              draw: Double, day: inout DayCounts) -> LaneSelection {
        var scoreLane: Lane?
        if let probability, let thresholds {
            scoreLane = probability >= thresholds.red ? .red : probability >= thresholds.yellow ? .yellow : .green
        }
        // The budget counts this declaration among the day's: the first of a day may be red.
        let assessed = Double(day.assessed + 1)
        var lane = scoreLane ?? .green
        var held = false
        if lane == .red, Double(day.red + 1) > (budget.red * assessed).rounded(.up) {
            lane = .yellow
            held = true
        }
        if lane == .yellow, Double(day.yellow + 1) > (budget.yellow * assessed).rounded(.up) {
            lane = .green
            held = true
        }
        let strictest = matching.sorted { $0.lane.severity > $1.lane.severity }
        if let forced = strictest.first?.lane, forced.severity > lane.severity { lane = forced }
        var randomPick = false
        if lane == .green, draw < budget.randomShare {
            lane = .red
            randomPick = true
        }
        day.count(lane)
        // Held back only if nothing else (a profile, the draw) restored what the score asked.
        let heldBack = held && lane.severity < (scoreLane ?? .green).severity
        return LaneSelection(lane: lane, scoreLane: scoreLane, profiles: strictest, heldByBudget: heldBack, randomPick: randomPick)
    }

    /// A uniform draw in [0, 1) from a declaration's identifier: its random bits seed the
    /// generator, so a declarant cannot choose them and a replay draws the same.
    public static func draw(for id: UUID) -> Double {
        var seed: UInt64 = 0
        withUnsafeBytes(of: id.uuid) { bytes in for byte in bytes.suffix(8) { seed = seed << 8 | UInt64(byte) } }
        var generator = SplitMix64(seed: seed)
        return Double(generator.next() >> 11) / Double(1 << 53)
    }
}
