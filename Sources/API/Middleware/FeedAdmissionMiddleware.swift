import FTZCore
import HTTPSupport
import Hummingbird
import TradeData

/// Decides whether the caller may push to a feed (`POST /v1/feeds/{kind}`) before a byte
/// of its body is read: an anonymous or wrong-role sender of a 32 MB batch is answered at
/// once instead of being buffered first. The service checks again with the records.
struct FeedAdmissionMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    static let prefix = "/v1/feeds/"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // On the matched route: no other spelling of a feed's path reaches another route.
        if request.method == .post, let route = context.endpointPath, route.hasPrefix(Self.prefix),
           let kind = FeedKind(rawValue: String(route.dropFirst(Self.prefix.count))) {
            try TradeService.authorizeFeed(kind, by: RequestScope.current.actor)
        }
        return try await next(request, context)
    }
}
