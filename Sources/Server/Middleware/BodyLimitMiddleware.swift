import FTZCore
import Hummingbird

/// Refuses bodies over the configured size with 413 before any handler reads them:
/// at once when `Content-Length` says so, otherwise as the streamed body passes the limit.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let maximumBytes: Int
    /// Document uploads (`POST /v1/dossiers/{id}/documents`) and feed batches
    /// (`POST /v1/feeds/…`) have their own, larger limits.
    let maximumDocumentBytes: Int
    let maximumFeedBytes: Int

    /// Room for a browser's multipart boundaries, part headers and the form's other fields.
    static let multipartFraming = 16 * 1024

    func limit(for request: Request) -> Int {
        guard request.method == .post else { return maximumBytes }
        let path = request.uri.path
        if path.hasPrefix("/v1/dossiers/") && path.hasSuffix("/documents") { return maximumDocumentBytes }
        // The web console's upload form: the same document and its multipart framing.
        if path.hasPrefix("/dossiers/") && path.hasSuffix("/documents") { return maximumDocumentBytes + Self.multipartFraming }
        if path.hasPrefix("/v1/feeds/") { return maximumFeedBytes }
        return maximumBytes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let maximumBytes = limit(for: request)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maximumBytes {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(maximumBytes)])
        }
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maximumBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(maximumBytes)])
        }
        return try await next(request, context)
    }
}
