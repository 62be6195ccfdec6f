import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OpenAPIRuntime
import ServiceLifecycle

/// Assembles the HTTP application: middleware in order, then the generated routes.
public enum ApplicationBuilder {
    public static func router(services: Capabilities, configuration: HTTPSettings, metrics: ServerMetrics,
                              accessLog: AccessLog? = nil) throws -> Router<FTZRequestContext>
    {
        let router = Router(context: FTZRequestContext.self)
        let document = try OpenAPIDocument.load()
        let routes = try OpenAPIDocument.routes.get()
        // Order matters: scope (id, language) outermost so every answer, problems included,
        // carries its headers; problems next so everything below is rendered; canonical paths,
        // so no check below can be skipped by another spelling of a path; then identity,
        // and the feed gate, both before any body is read, so an unknown or unauthorised caller
        // costs nothing for what it sends; the guide cache (the same bytes for everyone, a bad
        // token still a 401); parameters free of control characters; limits; idempotent replay over the body as sent; the feed reader;
        // and the headers and ledger receipts of what the handler did.
        router.add(middleware: RequestScopeMiddleware(metrics: metrics, accessLog: accessLog,
                                                       clientAddresses: ClientAddressResolver(trustedProxies: configuration.trustedProxies,
                                                                                             header: .init(rawValue: configuration.trustedProxyHeader) ?? .xForwardedFor)))
        router.add(middleware: ProblemMiddleware(catalogue: services.messages, routes: routes))
        // Before anything compares a path: one spelling per path from here on (a redirect or 404 otherwise).
        router.add(middleware: CanonicalPathMiddleware())
        router.add(middleware: MetricsAccessMiddleware(token: configuration.metricsToken))
        router.add(middleware: AuthenticationMiddleware(authentication: services.authentication, routes: routes))
        router.add(middleware: FeedAdmissionMiddleware())
        router.add(middleware: GuideCacheMiddleware(catalogue: services.catalogue, lifetime: 60))
        router.add(middleware: ParameterTextMiddleware())
        router.add(middleware: BodyLimitMiddleware(maximumBytes: configuration.maximumBodyBytes,
                                                   maximumDocumentBytes: configuration.maximumDocumentBytes,
                                                   maximumFeedBytes: configuration.maximumFeedBytes))
        // Idempotency sits outside the decorations so the answer it stores has all its headers.
        router.add(middleware: IdempotencyMiddleware(store: services.idempotency, routes: routes))
        router.add(middleware: FeedBodyMiddleware())
        router.add(middleware: ResponseDecorationMiddleware())
        let handler = APIHandler(services: services, metrics: metrics, openAPIDocument: document, streams: services.streams)
        // Compact, unsorted JSON and hand-made dates: encoding is the largest cost of a typical answer.
        try handler.registerHandlers(on: RouterTransport(router: router),
                                     configuration: .init(dateTranscoder: FastDateTranscoder(), jsonEncodingOptions: [.withoutEscapingSlashes]))
        try WebConsole(services: services, maximumUploadBytes: configuration.maximumDocumentBytes,
                       publicBase: configuration.publicBase).register(on: router)
        return router
    }

    /// The HTTP server with `background` (the composition root's jobs) running beside it
    /// and stopping with it.
    public static func application(services: Capabilities, configuration: HTTPSettings, background: [any Service],
                                   logger: Logger) throws -> some ApplicationProtocol
    {
        let accessLog = AccessLog.forConfiguration(configuration, logger: logger)
        let router = try router(services: services, configuration: configuration, metrics: ServerMetrics(), accessLog: accessLog)
        let readTimeout = TimeAmount.nanoseconds(Int64(configuration.readTimeout * 1e9))
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestReadDeadline(timeout: readTimeout)],
            idleTimeout: .nanoseconds(Int64(configuration.idleTimeout * 1e9)))
        return Application(
            router: router,
            server: .http1(configuration: http),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ftz"),
            services: background + [AccessLogFlusher(accessLog: accessLog)],
            onServerRunning: { channel in
                logger.info("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
            },
            logger: logger
        )
    }
}

/// The OpenAPI contract, compiled in from `OpenAPI/ftz.yaml` and served at `/v1/openapi.yaml`.
enum OpenAPIDocument {
    static func load() throws -> String {
        guard let document = EmbeddedFiles.contents["OpenAPI/ftz.yaml"] else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "OpenAPI/ftz.yaml (embedded)"])
        }
        return document
    }

    /// The document's routes, read once per process: parsing the YAML costs more than
    /// building the rest of an application (tests build hundreds).
    static let routes = Result { try RouteTable(openAPIDocument: load()) }
}
