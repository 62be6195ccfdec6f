import Crypto
import Foundation
import FTZCore
import HTTPSupport
import Hummingbird

/// Guards `GET /metrics` with `FTZ_METRICS_TOKEN` when one is configured: the scraper sends
/// `Authorization: Bearer <token>`; anyone else gets a 401. The token is not an account's,
/// so it is taken off the request before identity is established.
struct MetricsAccessMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    /// SHA-256 of the token, compared in constant time.
    let tokenDigest: [UInt8]?

    init(token: String?) {
        tokenDigest = token.map { Array(SHA256.hash(data: Data($0.utf8))) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let tokenDigest, context.endpointPath == "/metrics" else { return try await next(request, context) }
        let presented = request.headers[.authorization].flatMap { header -> String? in
            let parts = header.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }
        guard let presented, ConstantTime.equals(Array(SHA256.hash(data: Data(presented.utf8))), tokenDigest) else {
            throw Problem(.unauthorized, "token_invalid", fieldErrors: [.init("header:Authorization", "bearer_expected")])
        }
        var head = request.head
        head.headerFields[.authorization] = nil
        return try await next(Request(head: head, body: request.body), context)
    }
}
