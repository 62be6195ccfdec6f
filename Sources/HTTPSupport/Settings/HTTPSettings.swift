import Foundation
import FTZCore
import Logging

/// What the HTTP layer itself needs to know: where to listen, how long to wait, how much
/// to accept, whom to trust. The composition root derives it from the service's whole
/// configuration.
public struct HTTPSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Seconds a connection may stay silent (before its first request, between requests, or
    /// while sending a request head) before it is closed.
    public var idleTimeout: TimeInterval = 30
    /// Seconds within which a request, head to last body byte, must have arrived.
    public var readTimeout: TimeInterval = 120
    /// Reverse proxies (CIDR blocks) whose `Forwarded`/`X-Forwarded-For` name the client;
    /// from any other peer those headers are ignored.
    public var trustedProxies: [IPNetwork] = []
    /// The one header those proxies write the client's address in: `x-forwarded-for` or
    /// `forwarded` (RFC 7239). The other is ignored, whoever sends it.
    public var trustedProxyHeader = "x-forwarded-for"
    /// A bearer token `/metrics` requires; unset, `/metrics` is open (for a scraper on a
    /// private network).
    public var metricsToken: String?
    /// The address people and their mail reach the service at (`https://ftz.example.vn`):
    /// absolute links, and whether the console's cookies are `Secure` with the `__Host-`
    /// prefix. Unset: this server's own address, for development on plain HTTP.
    public var publicURL: String?

    /// ``publicURL`` without a trailing slash, or the listening address.
    public var publicBase: String {
        if let publicURL, !publicURL.isEmpty { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
    /// The service's log level and format, `json` (one object per line) or `text` (for a
    /// terminal); the access log is written at info or lower, in `json`.
    public var logLevel = Logger.Level.info
    public var logFormat = "json"
    /// Largest accepted request body in bytes (413 beyond).
    public var maximumBodyBytes = 1 << 20
    /// Largest accepted document upload in bytes (413 beyond); the document store keeps to it too.
    public var maximumDocumentBytes = 20 << 20
    /// Largest accepted feed batch body (JSON records or an EDIFACT interchange), 413 beyond.
    public var maximumFeedBytes = 32 << 20

    public init() {}
}
