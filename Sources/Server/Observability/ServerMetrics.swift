import Foundation
import Prometheus
import Storage

/// The service's Prometheus metrics, kept on a registry of its own rather than the global
/// `MetricsSystem`, so tests can build many applications in one process.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let requestBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    public init() {}

    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        registry.makeCounter(name: "http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))])
            .increment()
        registry.makeDurationHistogram(name: "http_request_duration_seconds", labels: [("method", method), ("route", route)],
                                       buckets: requestBuckets.map { .nanoseconds(Int64($0 * 1e9)) })
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Prometheus text exposition, with the connection pool sampled at scrape time.
    func exposition(database: Database) -> String {
        let usage = database.poolUsage
        registry.makeGauge(name: "db_pool_connections_in_use", labels: [("database", database.kind.rawValue)]).set(Double(usage.inUse))
        registry.makeGauge(name: "db_pool_connections_capacity", labels: [("database", database.kind.rawValue)]).set(Double(usage.capacity))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
