import FTZCore
import Foundation

/// Decides when failed logins lock an account name or a client address.
///
/// Every attempt is counted before its password is checked, per key inside a window, under
/// the counter row's lock; the attempt that reaches the limit locks the key for `baseLock`,
/// doubling with each further one, up to `maximumLock`, and attempts meeting a lock are
/// refused without bcrypt work. A success takes its attempt back. Works the same for names that are not
/// accounts, so locking reveals nothing. Stored in the database, so several server
/// processes share it, and N parallel guesses count as N.
struct LoginThrottle: Sendable {
    let configuration: IdentityConfiguration

    /// The account name's key and the client's: an IPv4 address, or an IPv6 /64.
    static func keys(username: String, address: String?) -> [String] {
        ["account:\(username)"] + (address.map { ["address:\(IPAddress($0)?.limitKey ?? $0)"] } ?? [])
    }

    func limit(for key: String) -> Int {
        key.hasPrefix("account:") ? configuration.accountFailureLimit : configuration.addressFailureLimit
    }

    /// Seconds until every lock on these keys has passed, or nil if none is in force.
    func lockedFor(_ rows: [ThrottleRepository.Row], now: Date) -> Int? {
        let until = rows.compactMap(\.locked_until).filter { $0 > now }.max()
        return until.map { max(1, Int(($0.timeIntervalSince(now)).rounded(.up))) }
    }

    /// The counter after one more attempt, locked when it reaches the limit: the attempt
    /// that reaches it is still checked, and any attempt counted after it, even one sent at
    /// the same instant, finds the lock. nil when a lock is in force (refuse unchecked).
    func countAttempt(_ row: ThrottleRepository.Row, now: Date) -> ThrottleRepository.Row? {
        if let lockedUntil = row.locked_until, lockedUntil > now { return nil }
        let windowOpen = now.timeIntervalSince(row.window_started_at) < configuration.failureWindow
        let failures = windowOpen ? row.failures + 1 : 1
        let limit = limit(for: row.key)
        var lockedUntil: Date?
        if failures >= limit {
            let exponent = Double(min(failures - limit, 16))
            lockedUntil = now + min(configuration.baseLock * pow(2, exponent), configuration.maximumLock)
        }
        return ThrottleRepository.Row(key: row.key, failures: failures, window_started_at: windowOpen ? row.window_started_at : now,
                                      locked_until: lockedUntil)
    }
}
