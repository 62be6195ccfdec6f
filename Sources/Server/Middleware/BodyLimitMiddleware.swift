import FTZCore
import Hummingbird

/// Bounds each route's body by what the route takes, decided on the matched route, never on
/// the path as sent: 413 at once when `Content-Length` says too much, otherwise as the
/// streamed body passes the limit.
///
/// An unknown path reads no body at all: the router's 404 answers before a byte is read (an
/// anonymous 20 MiB post to an unknown feed once held its connection and memory until the
/// read timeout; security review, issue 33). The console's upload route reads its own body,
/// streaming, once its handler knows the sender and has checked the form's CSRF token.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let maximumBytes: Int
    /// Document uploads (`POST /v1/dossiers/{id}/documents`) and feed batches
    /// (`POST /v1/feeds/…`) have their own, larger limits.
    let maximumDocumentBytes: Int
    let maximumFeedBytes: Int

    /// Room for a browser's multipart boundaries, part headers and the form's other fields.
    static let multipartFraming = 16 * 1024

    /// The console's upload: its handler streams the body after the session and CSRF checks.
    static let consoleUpload = "/dossiers/{id}/documents"

    /// What a matched route may receive, and whether its handler reads the body itself.
    struct Allowance: Equatable {
        let maximumBytes: Int
        let handlerReads: Bool
    }

    func allowance(method: HTTPRequest.Method, route: String) -> Allowance {
        guard method == .post else { return .init(maximumBytes: maximumBytes, handlerReads: false) }
        if route == Self.consoleUpload { return .init(maximumBytes: maximumDocumentBytes + Self.multipartFraming, handlerReads: true) }
        if route == "/v1/dossiers/{dossierId}/documents" { return .init(maximumBytes: maximumDocumentBytes, handlerReads: false) }
        if route.hasPrefix("/v1/feeds/") { return .init(maximumBytes: maximumFeedBytes, handlerReads: false) }
        return .init(maximumBytes: maximumBytes, handlerReads: false)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let route = context.endpointPath else { return try await next(request, context) }
        let allowance = allowance(method: request.method, route: route)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > allowance.maximumBytes {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(allowance.maximumBytes)])
        }
        guard request.method != .get, request.method != .head, !allowance.handlerReads else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: allowance.maximumBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(allowance.maximumBytes)])
        }
        return try await next(request, context)
    }
}
