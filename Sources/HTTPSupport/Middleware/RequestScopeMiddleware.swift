import Foundation
import FTZCore
import HTTPTypes
import Hummingbird
import Localization
import Logging
import Synchronization

/// The outermost middleware: gives the request its id and language, logs one access line,
/// records metrics, and stamps the headers every response carries.
public struct RequestScopeMiddleware: RouterMiddleware {
    public typealias Context = FTZRequestContext
    public let metrics: ServerMetrics
    /// nil when requests are not logged (level above info) or go through the text logger.
    public let accessLog: AccessLog?
    public let clientAddresses: ClientAddressResolver

    public init(metrics: ServerMetrics, accessLog: AccessLog?, clientAddresses: ClientAddressResolver) {
        self.metrics = metrics
        self.accessLog = accessLog
        self.clientAddresses = clientAddresses
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = Self.requestID(from: request.headers[.requestID])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let language = LanguageNegotiation.negotiate(acceptLanguage: request.headers[.acceptLanguage],
                                                     override: request.uri.queryParameters["lang"].map(String.init))
        let scope = RequestScope(requestID: requestID, language: language, actor: .anonymous, clientAddress: clientAddresses.resolve(peer: context.remoteAddress, headers: request.headers))
        var response = try await RequestScope.$current.withValue(scope) { try await next(request, context) }

        response.headers[.requestID] = requestID
        response.headers[.contentLanguage] = language.rawValue
        response.headers[values: .vary] = Array(Set(response.headers[values: .vary] + ["Accept-Language"])).sorted()
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        if let accessLog {
            accessLog.record(.init(requestID: requestID, actor: scope.trace.actor, method: request.method.rawValue,
                                   path: request.uri.path, route: route, status: response.status.code, seconds: seconds))
        } else if context.logger.logLevel <= .info {
            context.logger.info("request", metadata: [
                "actor": .string(scope.trace.actor),
                "method": .string(request.method.rawValue), "path": .string(request.uri.path), "route": .string(route),
                "status": .stringConvertible(response.status.code), "duration_ms": .string(AccessLog.milliseconds(seconds)),
            ])
        }
        return response
    }

    /// Keeps a caller's id if it is a sane token (so ids can be followed across systems),
    /// otherwise makes one.
    public static func requestID(from header: String?) -> String {
        if let header, (1...128).contains(header.count),
           header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) {
            return header
        }
        return RequestIDGenerator.next()
    }
}

extension HTTPField.Name {
    public static let requestID = HTTPField.Name("X-Request-Id")!
    public static let ledgerReceipt = HTTPField.Name("Ledger-Receipt")!
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    public static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

/// Request ids for requests that bring none: a random per-process prefix and a counter, in
/// UUID form. Unique without a random-number syscall per request (Foundation's `UUID()`
/// opens /dev/urandom each time on Linux).
public enum RequestIDGenerator {
    private static let prefix: UInt64 = .random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    public static func next() -> String {
        let sequence = counter.add(1, ordering: .relaxed).newValue
        var bytes = (prefix.bigEndian, sequence.bigEndian)
        return withUnsafeBytes(of: &bytes) { raw in
            UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7], raw[8], raw[9], raw[10], raw[11], raw[12],
                        raw[13], raw[14], raw[15]))
        }.uuidString.lowercased()
    }
}
