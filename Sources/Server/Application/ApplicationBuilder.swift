import Foundation
import Hummingbird
import Logging
import OpenAPIRuntime

/// Assembles the HTTP application: middleware in order, then the generated routes.
public enum ApplicationBuilder {
    public static func router(services: AppServices, configuration: ServerConfiguration, metrics: ServerMetrics) throws
        -> Router<FTZRequestContext>
    {
        let router = Router(context: FTZRequestContext.self)
        let document = try OpenAPIDocument.load()
        // Order matters: scope (id, language) outermost so every answer, problems included,
        // carries its headers; problems next so everything below is rendered; then limits,
        // identity, idempotent replay, and the headers and ledger receipts of what the handler did.
        router.add(middleware: RequestScopeMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware(catalogue: services.messages, routes: try RouteTable(openAPIDocument: document)))
        router.add(middleware: GuideCacheMiddleware(catalogue: services.catalogue, lifetime: 60))
        router.add(middleware: BodyLimitMiddleware(maximumBytes: configuration.maximumBodyBytes,
                                                   maximumDocumentBytes: configuration.maximumDocumentBytes,
                                                   maximumFeedBytes: configuration.maximumFeedBytes))
        router.add(middleware: AuthenticationMiddleware(authentication: services.authentication))
        router.add(middleware: FeedBodyMiddleware())
        // Idempotency sits outside the decorations so the answer it stores has all its headers.
        router.add(middleware: IdempotencyMiddleware(store: services.idempotency))
        router.add(middleware: ResponseDecorationMiddleware())
        let handler = APIHandler(services: services, metrics: metrics, openAPIDocument: document)
        // Compact, unsorted JSON and hand-made dates: encoding is the largest cost of a typical answer.
        try handler.registerHandlers(on: RouterTransport(router: router),
                                     configuration: .init(dateTranscoder: FastDateTranscoder(), jsonEncodingOptions: [.withoutEscapingSlashes]))
        return router
    }

    public static func application(services: AppServices, configuration: ServerConfiguration, logger: Logger) throws
        -> some ApplicationProtocol
    {
        let router = try router(services: services, configuration: configuration, metrics: ServerMetrics())
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ftz"),
            services: [CheckpointScheduler(checkpoints: services.checkpoints),
                       PeriodicJob.alerts(services.trade, interval: configuration.alertInterval, logger: logger),
                       PeriodicJob.notifications(services.notifications, interval: configuration.notificationInterval, logger: logger)],
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
}
