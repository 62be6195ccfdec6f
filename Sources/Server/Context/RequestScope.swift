import FTZCore
import Localization

/// What the middleware learnt about the current request, handed to API handlers through
/// a task-local: the generated `APIProtocol` methods take only their typed input.
public struct RequestScope: Sendable {
    public var requestID: String
    public var language: Language
    public var actor: Actor
    public var clientAddress: String?
    /// HTTP Basic credentials, kept only for the OAuth token endpoint (RFC 6749 §2.3.1).
    public var basicCredentials: (String, String)?

    @TaskLocal public static var current = RequestScope(requestID: "-", language: .default, actor: .anonymous, clientAddress: nil)
}
