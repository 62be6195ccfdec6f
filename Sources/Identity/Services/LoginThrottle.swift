import Foundation

/// Decides when failed logins lock an account name or a client address.
///
/// Counts failures per key inside a sliding window; past the limit, the key is locked
/// for `baseLock` doubling with each further failure, up to `maximumLock`. Works the same
/// for names that are not accounts, so locking reveals nothing. Stored in the database,
/// so several server processes share it.
struct LoginThrottle: Sendable {
    let configuration: IdentityConfiguration

    static func keys(username: String, address: String?) -> [String] {
        ["account:\(username)"] + (address.map { ["address:\($0)"] } ?? [])
    }

    /// Seconds until every lock on these keys has passed, or nil if none is in force.
    func lockedFor(_ rows: [ThrottleRepository.Row], now: Date) -> Int? {
        let until = rows.compactMap(\.locked_until).filter { $0 > now }.max()
        return until.map { max(1, Int(($0.timeIntervalSince(now)).rounded(.up))) }
    }

    /// The updated counters after one more failure.
    func recordFailure(_ rows: [ThrottleRepository.Row], keys: [String], now: Date) -> [ThrottleRepository.Row] {
        keys.map { key in
            let existing = rows.first { $0.key == key }
            let windowOpen = existing.map { now.timeIntervalSince($0.window_started_at) < configuration.failureWindow } ?? false
            let failures = windowOpen ? existing!.failures + 1 : 1
            let start = windowOpen ? existing!.window_started_at : now
            let limit = key.hasPrefix("account:") ? configuration.accountFailureLimit : configuration.addressFailureLimit
            var lockedUntil: Date?
            if failures >= limit {
                let exponent = Double(min(failures - limit, 16))
                lockedUntil = now + min(configuration.baseLock * pow(2, exponent), configuration.maximumLock)
            }
            return ThrottleRepository.Row(key: key, failures: failures, window_started_at: start, locked_until: lockedUntil)
        }
    }
}
