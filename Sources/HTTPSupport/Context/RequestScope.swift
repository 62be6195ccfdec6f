import FTZCore
import Localization
import Synchronization

/// What the middleware learnt about the current request, handed to API handlers through
/// a task-local: the generated `APIProtocol` methods take only their typed input.
public struct RequestScope: Sendable {
    public var requestID: String
    public var language: Language
    public var actor: Actor
    public var clientAddress: String?
    /// Facts learnt deeper in the chain that the access log line wants (who the caller was).
    public var trace = RequestTrace()
    /// The bearer token presented, for streams that must check it again while they last.
    public var bearerToken: String?
    /// HTTP Basic credentials, kept only for the OAuth token endpoint (RFC 6749 §2.3.1).
    public var basicCredentials: (String, String)?
    /// The records of a JSON feed batch, read by ``FeedBodyMiddleware``.
    public var feedRecords: [JSONValue]?

    @TaskLocal public static var current = RequestScope(requestID: "-", language: .default, actor: .anonymous, clientAddress: nil)
}

/// Written by inner middleware, read by the access log once the response is ready.
public final class RequestTrace: Sendable {
    private let actorReference = Mutex<String>("anonymous")
    public init() {}
    public var actor: String {
        get { actorReference.withLock { $0 } }
        set { actorReference.withLock { $0 = newValue } }
    }
}
