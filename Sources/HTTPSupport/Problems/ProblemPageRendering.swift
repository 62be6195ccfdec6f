import FTZCore
import Hummingbird

/// A presentation that answers a browser's refused or failed request as a page of its own
/// (the web console), so a person never meets a problem document. ``ProblemMiddleware``
/// asks it for every request a browser made outside the API.
public protocol ProblemPageRendering: Sendable {
    func page(for problem: Problem, request: Request) async -> Response
}

public enum BrowserRequest {
    /// Paths whose callers are programs, whatever their `Accept` says: the API, metrics,
    /// health probes and well-known documents keep their problem documents.
    static let machinePrefixes = ["/v1/", "/metrics", "/health", "/.well-known/"]

    /// Whether a request came from a person's browser: it asks for HTML, and its path is
    /// not one that programs call.
    public static func wantsPage(_ request: Request) -> Bool {
        let path = request.uri.path
        guard path != "/v1", !machinePrefixes.contains(where: { path.hasPrefix($0) }) else { return false }
        return request.headers[.accept]?.contains("text/html") == true
    }
}
