import Hummingbird
import NIOCore

/// Hummingbird's per-request context, plus the peer address (for login throttling) and
/// the body limit, which is configuration rather than Hummingbird's 2 MB default.
public struct FTZRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are limited (and 413 answered) by ``BodyLimitMiddleware`` instead.
    public var maxUploadSize: Int { .max }
}
