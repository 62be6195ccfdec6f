import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import API
@testable import HTTPSupport
@testable import WebConsole
import App
import Testing
import TestSupport

/// Issue 33: middleware compared raw path strings while the router matched other spellings
/// of the same path, so `/v1/feeds/declarations/` skipped the feed gate and `/metrics/` the
/// metrics token. Every path now has one spelling past the outermost layer.
@Suite("One spelling per path")
struct CanonicalPathTests {
    @Test(arguments: [
        ("/", .canonical), ("/v1/me", .canonical), ("/v1/files/a%2Ebin", .canonical), ("/v1/a..b", .canonical),
        ("/v1/me/", .typo(of: "/v1/me")), ("//v1/me", .typo(of: "/v1/me")), ("/v1//me/", .typo(of: "/v1/me")),
        ("//evil.example/x", .typo(of: "/evil.example/x")), ("//", .typo(of: "/")),
        ("/v1/./me", .refused), ("/v1/x/../me", .refused), ("/v1/%2e/me", .refused), ("/v1/%2E%2E/v1/me", .refused),
        ("/v1%2Fme", .refused), ("/v1%2fme", .refused), ("/v1\\me", .refused), ("/v1%5Cme", .refused), ("/../..//", .refused),
    ] as [(String, CanonicalPathMiddleware.Spelling)])
    func aPathHasOneSpelling(path: String, spelling: CanonicalPathMiddleware.Spelling) {
        #expect(CanonicalPathMiddleware.spelling(of: path) == spelling)
        if case .typo(let canonical) = spelling { #expect(CanonicalPathMiddleware.spelling(of: canonical) == .canonical) }
    }

    /// Every route of the API and the console, in each other spelling, for each kind of
    /// caller: a GET or HEAD with a slash too many is sent to the one spelling; dot segments,
    /// encoded slashes and every other method are a 404 that reads no body and runs no
    /// check or handler below.
    @Test(arguments: TestDatabase.kinds)
    func everyRouteInEveryOtherSpellingIsRedirectedOrNotFound(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let router = try ApplicationBuilder.router(services: app.services.capabilities, configuration: HTTPSettings(),
                                                       metrics: ServerMetrics())
            let routes = router.routes.map { (method: $0.method, path: Self.concrete($0.path.description)) }
            #expect(routes.count > 150, "\(routes.count) routes")
            var checked = 0
            for token in [nil, app.investorToken, app.adminToken] {
                for route in routes {
                    for variant in Self.variants(of: route.path) {
                        let response = try await app.request(route.method, variant, token: token, body: route.method == .get || route.method == .head ? nil : "{}",
                                                             headers: ["Content-Type": "application/json"])
                        if route.method == .get || route.method == .head,
                           case .typo = CanonicalPathMiddleware.spelling(of: variant) {
                            #expect(response.status == .permanentRedirect && response.headers[.location] == route.path,
                                    "\(route.method) \(variant): \(response.status) \(response.headers[.location] ?? "")")
                        } else {
                            #expect(response.status == .notFound && response.isProblem, "\(route.method) \(variant): \(response.status)")
                        }
                        checked += 1
                    }
                }
            }
            #expect(checked > 1_000)
        }
    }

    /// The review's findings, one by one.
    @Test(arguments: TestDatabase.kinds)
    func theGatesCannotBeWalkedAroundByAnotherSpelling(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.http.metricsToken = "scraper-token" }) { app in
            // An investor's large batch to a feed under another spelling: refused before the
            // body is read (the handler and the feed gate are never reached).
            let batch = Data(repeating: UInt8(ascii: " "), count: 8 << 20)
            let started = ContinuousClock.now
            for path in ["/v1/feeds/declarations/", "//v1/feeds/declarations", "/v1/./feeds/declarations", "/v1/feeds%2Fdeclarations"] {
                let response = try await app.request(.post, path, token: app.investorToken, bytes: batch)
                #expect(response.status == .notFound && response.isProblem, "\(path): \(response.status)")
            }
            #expect(started.duration(to: .now) < .seconds(5))
            // The canonical spelling is the gate's: the investor may not feed declarations.
            let canonical = try await app.request(.post, "/v1/feeds/declarations", token: app.investorToken, json: ["records": []])
            #expect(canonical.status == .forbidden, "\(canonical.status)")
            // The metrics token: other spellings lead to /metrics, which asks for it.
            for path in ["/metrics/", "//metrics"] {
                let response = try await app.request(.get, path)
                #expect(response.status == .permanentRedirect && response.headers[.location] == "/metrics", "\(path)")
            }
            for path in ["/./metrics", "/x/../metrics", "/metrics%2F"] {
                #expect(try await app.request(.get, path).status == .notFound, "\(path)")
            }
            #expect(try await app.request(.get, "/metrics").status == .unauthorized)
            #expect(try await app.request(.get, "/metrics", headers: ["Authorization": "Bearer scraper-token"]).status == .ok)
            // The control-character check applies to the one spelling the redirect leads to.
            let redirected = try await app.request(.get, "//v1/programmes?lang=vi")
            #expect(redirected.headers[.location] == "/v1/programmes?lang=vi")
            let control = try await app.request(.get, "/v1/dossiers?procedure=%00", token: app.officerToken)
            #expect(control.status == .badRequest && control.problemPointers.contains("query:procedure"), "\(control.text)")
        }
    }

    /// A route's path with a value in each parameter (`{id}` or `:id`).
    static func concrete(_ template: String) -> String {
        "/" + template.split(separator: "/").map { segment in
            segment.hasPrefix("{") || segment.hasPrefix(":") ? "0190a0b0-0000-7000-8000-000000000001" : String(segment)
        }.joined(separator: "/")
    }

    static func variants(of path: String) -> [String] {
        let segments = path.split(separator: "/")
        var variants = [path + "/", "/" + path]
        if segments.count >= 2 {
            variants.append("/" + segments[0] + "/x/../" + segments.dropFirst().joined(separator: "/"))
            variants.append("/" + segments[0] + "%2F" + segments.dropFirst().joined(separator: "/"))
        } else {
            variants.append("/." + path)
        }
        return path == "/" ? ["//", "/.", "/x/.."] : variants
    }
}
