import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Identity

/// Establishes who is calling from `Authorization: Bearer …`. No header means anonymous,
/// which is a 401 at once where the contract requires credentials (before the body is read
/// or judged: an anonymous caller learns nothing from validation); elsewhere each service
/// decides. A bad or dead token is a 401 at once.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let authentication: AuthenticationService
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            if routes.requiresCredentials(method: request.method.rawValue, path: request.uri.path) { throw Problem.unauthenticated() }
            return try await next(request, context)
        }
        // The token endpoint authenticates clients with HTTP Basic; it is not a bearer call.
        if context.endpointPath == "/v1/oauth/token" {
            var scope = RequestScope.current
            scope.basicCredentials = Self.basicCredentials(header)
            return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem(.unauthorized, "token_invalid", fieldErrors: [.init("header:Authorization", "bearer_expected")])
        }
        let actor = try await authentication.authenticate(bearer: String(parts[1]))
        var scope = RequestScope.current
        scope.actor = actor
        scope.bearerToken = String(parts[1])
        scope.trace.actor = actor.reference
        return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
    }

    /// `Basic base64(id:secret)`, with both parts form-url-decoded as RFC 6749 §2.3.1 requires.
    static func basicCredentials(_ header: String) -> (String, String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
              let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        func formDecode(_ text: Substring) -> String {
            text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
        }
        return (formDecode(decoded[..<colon]), formDecode(decoded[decoded.index(after: colon)...]))
    }
}
