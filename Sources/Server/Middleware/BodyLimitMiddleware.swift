import FTZCore
import Hummingbird

/// Refuses bodies over the configured size with 413 before any handler reads them:
/// at once when `Content-Length` says so, otherwise as the streamed body passes the limit.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let maximumBytes: Int
    /// Document uploads (`POST /v1/dossiers/{id}/documents`) have their own, larger limit.
    let maximumDocumentBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isUpload = request.method == .post && request.uri.path.hasPrefix("/v1/dossiers/") && request.uri.path.hasSuffix("/documents")
        let maximumBytes = isUpload ? maximumDocumentBytes : self.maximumBytes
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
