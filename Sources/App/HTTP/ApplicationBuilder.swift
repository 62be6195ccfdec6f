import API
import Foundation
import HTTPSupport
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import WebConsole

/// Assembles the HTTP application: the layer every request passes (its scope, problems and
/// one spelling per path), then the two presentations, each mounting its routes in groups
/// with their own middleware.
public enum ApplicationBuilder {
    public static func router(services: Capabilities, configuration: HTTPSettings, metrics: ServerMetrics,
                              accessLog: AccessLog? = nil) throws -> Router<FTZRequestContext>
    {
        let router = Router(context: FTZRequestContext.self)
        // Order matters: scope (id, language) outermost so every answer, problems included,
        // carries its headers; problems next so everything below is rendered; canonical paths,
        // so no check below can be skipped by another spelling of a path.
        router.add(middleware: RequestScopeMiddleware(metrics: metrics, accessLog: accessLog,
                                                       clientAddresses: ClientAddressResolver(trustedProxies: configuration.trustedProxies,
                                                                                             header: .init(rawValue: configuration.trustedProxyHeader) ?? .xForwardedFor)))
        let console = try ConsoleRoutes(services: services, settings: configuration)
        router.add(middleware: ProblemMiddleware(catalogue: services.messages, routes: try APIRoutes.table.get(),
                                                 pages: console.problemPages))
        router.add(middleware: CanonicalPathMiddleware())
        try APIRoutes.mount(on: router, services: services, settings: configuration, metrics: metrics)
        console.mount(on: router)
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
