import Foundation
import Synchronization

/// Requests per second per key (a client, an address), with bursts: a token bucket refilled
/// continuously. In memory, so each server process counts for itself.
public final class RateLimiter<Key: Hashable & Sendable>: Sendable {
    private let rate: Double
    private let burst: Double
    private let buckets = Mutex<[Key: (tokens: Double, at: Date)]>([:])
    /// Buckets kept before the full ones are forgotten (a full bucket is the same as none).
    private let capacity = 100_000

    public init(perSecond rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// Nil when allowed; otherwise the seconds to wait.
    public func take(_ key: Key, at now: Date) -> Int? {
        guard rate > 0 else { return nil }
        return buckets.withLock { buckets in
            if buckets.count >= capacity {
                // Full buckets are the same as none; if that frees too little, start afresh
                // rather than scan a huge table on every call.
                buckets = buckets.filter { $0.value.tokens + now.timeIntervalSince($0.value.at) * rate < burst }
                if buckets.count >= capacity / 2 { buckets.removeAll(keepingCapacity: true) }
            }
            var bucket = buckets[key] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + now.timeIntervalSince(bucket.at) * rate)
            bucket.at = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
