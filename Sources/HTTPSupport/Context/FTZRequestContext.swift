import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Hummingbird's per-request context, plus the peer address (for login throttling), the
/// connection (for an interim `100 Continue`), and the body limit, which is configuration
/// rather than Hummingbird's 2 MB default.
public struct FTZRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String?
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
        channel = source.channel
    }

    /// Tells a client that sent `Expect: 100-continue` to send its body (RFC 9110 §10.1.1).
    /// Called only where a route is about to read the body of a caller it admits: a client
    /// that waits is answered with the refusal instead, and never sends the body at all.
    /// Hummingbird does not answer the expectation itself.
    public func invitingTheBody(of request: Request) {
        guard let expectation = request.headers[.expect], expectation.lowercased() == "100-continue" else { return }
        channel.writeAndFlush(HTTPResponsePart.head(HTTPResponse(status: .continue)), promise: nil)
    }

    /// Bodies are limited (and 413 answered) by ``BodyLimitMiddleware`` instead.
    public var maxUploadSize: Int { .max }
}
