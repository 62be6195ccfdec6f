import Foundation

/// When to try a failed delivery again: exponential backoff with jitter, capped, for a
/// bounded number of attempts (then the delivery is `failed` until someone replays it).
public struct RetryPolicy: Sendable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int
    /// ± this fraction of the delay, so receivers coming back up are not hit all at once.
    public var jitter: Double

    /// 30 s, 1 min, 2 min … capped at 6 h, twelve attempts: the last about 14.5 h after the first.
    public init(firstDelay: TimeInterval = 30, maximumDelay: TimeInterval = 6 * 3600, maximumAttempts: Int = 12, jitter: Double = 0.2) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.jitter = jitter
    }

    /// The wait after the `attempts`-th failed attempt, or nil when no attempt is left.
    public func delay(afterAttempts attempts: Int, random: Double = .random(in: -1...1)) -> TimeInterval? {
        guard attempts < maximumAttempts else { return nil }
        let base = min(maximumDelay, firstDelay * pow(2, Double(max(0, attempts - 1))))
        return base * (1 + jitter * random)
    }
}
