import Foundation

/// Tunables of identity and access, all with production defaults.
public struct IdentityConfiguration: Sendable {
    /// Lifetime of a person's bearer token.
    public var userTokenLifetime: TimeInterval = 12 * 3600
    /// Lifetime of a machine client's bearer token (RFC 6749 §4.4 clients simply ask again).
    public var clientTokenLifetime: TimeInterval = 3600
    /// Failed logins of one account tolerated inside the window before it is locked.
    public var accountFailureLimit = 5
    /// Failed logins from one IP address tolerated inside the window before it is locked.
    public var addressFailureLimit = 20
    /// The window over which failures are counted.
    public var failureWindow: TimeInterval = 15 * 60
    /// First lock duration; doubles with every further failure, up to `maximumLock`.
    public var baseLock: TimeInterval = 30
    public var maximumLock: TimeInterval = 15 * 60
    /// How long a verified token is trusted from memory before the database is asked
    /// again. Revocation in this process is immediate; in another process it takes
    /// effect within this many seconds.
    public var tokenCacheLifetime: TimeInterval = 5
    public var bcryptCost: UInt8 = 12
    /// Registrations and invitation acceptances allowed per client address per hour (no login
    /// guards them); each server process counts for itself.
    public var selfServicePerHour: Double = 20

    public init() {}
}
