import Foundation
import HTTPSupport
import Hummingbird

/// Mounts the JSON API on a router: the generated operations, each in the route group that
/// carries the middleware it needs and no other. A health check pays for the shared layer
/// alone; `/metrics` adds its token; calls under `/v1` are authenticated, bounded and
/// idempotent where the contract says so; feeds are admitted (by role, before a byte of
/// their body is read) and read as JSON records; the guide is served from its cache.
public enum APIRoutes {
    /// The contract's routes, read once per process: parsing the YAML costs more than
    /// building the rest of an application (tests build hundreds).
    public static let table = Result { try RouteTable(openAPIDocument: OpenAPIDocument.load()) }

    public static func mount(on router: Router<FTZRequestContext>, services: Capabilities, settings: HTTPSettings,
                             metrics: ServerMetrics) throws {
        let routes = try table.get()
        let authentication = AuthenticationMiddleware(authentication: services.authentication, routes: routes)
        let parameters = ParameterTextMiddleware()
        let limits = BodyLimitMiddleware { method, route in
            allowance(method: method, route: route, settings: settings)
        }
        let idempotency = IdempotencyMiddleware(store: services.idempotency, routes: routes)
        let decorations = ResponseDecorationMiddleware()

        let operations = router.group()
        let metricsScrape = router.group().add(middleware: MetricsAccessMiddleware(token: settings.metricsToken))
        let calls = group(router, [authentication, parameters, limits, idempotency, decorations])
        let feeds = group(router, [authentication, FeedAdmissionMiddleware(), parameters, limits, idempotency, FeedBodyMiddleware(),
                                   decorations])
        let guide = group(router, [authentication, GuideCacheMiddleware(catalogue: services.catalogue, lifetime: 60), parameters,
                                   limits, decorations])

        let handler = APIHandler(services: services, metrics: metrics, openAPIDocument: try OpenAPIDocument.load(), streams: services.streams)
        let transport = RouterTransport<FTZRequestContext> { method, path in
            if path == "/metrics" { return metricsScrape }
            if path.hasPrefix(FeedAdmissionMiddleware.prefix) { return feeds }
            if method == .get, GuideCacheMiddleware.guidePages.contains(path) { return guide }
            return path.hasPrefix("/v1/") ? calls : operations
        }
        // Compact, unsorted JSON and hand-made dates: encoding is the largest cost of a typical answer.
        try handler.registerHandlers(on: transport,
                                     configuration: .init(dateTranscoder: FastDateTranscoder(), jsonEncodingOptions: [.withoutEscapingSlashes]))
    }

    /// What an API route may receive: documents and feed batches have their own, larger limits.
    static func allowance(method: HTTPRequest.Method, route: String, settings: HTTPSettings) -> BodyLimitMiddleware.Allowance {
        guard method == .post else { return .init(maximumBytes: settings.maximumBodyBytes) }
        if route == "/v1/dossiers/{dossierId}/documents" { return .init(maximumBytes: settings.maximumDocumentBytes) }
        if route.hasPrefix(FeedAdmissionMiddleware.prefix) { return .init(maximumBytes: settings.maximumFeedBytes) }
        return .init(maximumBytes: settings.maximumBodyBytes)
    }

    /// A group with `middleware` in order, outermost first.
    private static func group(_ router: Router<FTZRequestContext>,
                              _ middleware: [any MiddlewareProtocol<Request, Response, FTZRequestContext>]) -> RouterGroup<FTZRequestContext> {
        let group = router.group()
        for layer in middleware { group.add(middleware: layer) }
        return group
    }
}

/// The OpenAPI contract, compiled in from `OpenAPI/ftz.yaml` and served at `/v1/openapi.yaml`.
public enum OpenAPIDocument {
    public static func load() throws -> String {
        guard let document = EmbeddedFiles.contents["OpenAPI/ftz.yaml"] else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "OpenAPI/ftz.yaml (embedded)"])
        }
        return document
    }
}
