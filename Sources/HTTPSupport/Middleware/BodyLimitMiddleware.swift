import FTZCore
import Hummingbird

/// Bounds each route's body by what the route takes, decided on the matched route, never on
/// the path as sent: 413 at once when `Content-Length` says too much, otherwise as the
/// streamed body passes the limit. Each presentation installs one on its own route group,
/// with its own rule (``Allowance``) for its routes.
///
/// An unknown path never reaches a group's middleware: the router's 404 answers before a
/// byte is read (an anonymous 20 MiB post to an unknown feed once held its connection and
/// memory until the read timeout; security review, issue 33). A route whose handler reads
/// its own body (the console's upload, streamed once the sender and the form's CSRF token
/// are known) is only bounded here.
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = FTZRequestContext

    /// What a matched route may receive, and whether its handler reads the body itself.
    public struct Allowance: Equatable, Sendable {
        public let maximumBytes: Int
        public let handlerReads: Bool

        public init(maximumBytes: Int, handlerReads: Bool = false) {
            self.maximumBytes = maximumBytes
            self.handlerReads = handlerReads
        }
    }

    /// The allowance of a matched route (its template, as `context.endpointPath` has it).
    public let allowance: @Sendable (HTTPRequest.Method, String) -> Allowance

    public init(allowance: @escaping @Sendable (HTTPRequest.Method, String) -> Allowance) {
        self.allowance = allowance
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let route = context.endpointPath else { return try await next(request, context) }
        let allowance = allowance(request.method, route)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > allowance.maximumBytes {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(allowance.maximumBytes)])
        }
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        // Everything a route checks before reading has passed: a client waiting on
        // `Expect: 100-continue` may now send the body.
        context.invitingTheBody(of: request)
        guard !allowance.handlerReads else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: allowance.maximumBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(allowance.maximumBytes)])
        }
        return try await next(request, context)
    }
}
