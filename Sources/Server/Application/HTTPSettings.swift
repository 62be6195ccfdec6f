import FTZCore
import Foundation
import Logging

/// What the HTTP layer itself needs to know: where to listen, how long to wait, how much
/// to accept, whom to trust. The composition root derives it from the service's whole
/// configuration.
public struct HTTPSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Seconds a connection may stay silent before it is closed.
    public var idleTimeout: TimeInterval = 30
    /// Seconds within which a request, head to last body byte, must have arrived.
    public var readTimeout: TimeInterval = 120
    /// Reverse proxies whose `Forwarded`/`X-Forwarded-For` name the client.
    public var trustedProxies: [IPNetwork] = []
    /// A bearer token `/metrics` requires; nil leaves it open.
    public var metricsToken: String?
    /// The access log is written when the level is info or lower and the format is `json`.
    public var logLevel = Logger.Level.info
    public var logFormat = "json"
    public var maximumBodyBytes = 1 << 20
    public var maximumDocumentBytes = 20 << 20
    public var maximumFeedBytes = 32 << 20

    public init() {}
}
