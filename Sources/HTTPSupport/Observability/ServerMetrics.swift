import Foundation
import Prometheus
import Storage
import Synchronization

/// The service's Prometheus metrics, kept on a registry of its own rather than the global
/// `MetricsSystem`, so tests can build many applications in one process.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
        .map { .nanoseconds(Int64($0 * 1e9)) }
    private static var requests: MetricNameDescriptor { MetricNameDescriptor(metricName: "http_requests", unitName: "total",
                                                       helpText: "HTTP requests by method, route template and status.") }
    private static var latency: MetricNameDescriptor { MetricNameDescriptor(metricName: "http_request_duration", unitName: "seconds",
                                                      helpText: "Time from request head to response, by route template.") }
    private static var poolInUse: MetricNameDescriptor { MetricNameDescriptor(metricName: "db_pool_connections_in_use", unitName: "",
                                                        helpText: "Database connections lent out at scrape time.") }
    private static var poolCapacity: MetricNameDescriptor { MetricNameDescriptor(metricName: "db_pool_connections_capacity", unitName: "",
                                                           helpText: "Database connections the pool may hold.") }

    public init() {}

    private struct RouteKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    /// Handles per (method, route, status), so a request costs a dictionary lookup rather
    /// than the registry's name-and-label resolution.
    private let handles = Mutex<[RouteKey: (Counter, DurationHistogram)]>([:])

    public func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        let key = RouteKey(method: method, route: route, status: status)
        let (counter, histogram) = handles.withLock { handles in
            if let existing = handles[key] { return existing }
            let made = (
                registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]),
                registry.makeDurationHistogram(descriptor: Self.latency, labels: [("method", method), ("route", route)], buckets: Self.buckets)
            )
            handles[key] = made
            return made
        }
        counter.increment()
        histogram.recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Prometheus text exposition, with the connection pool sampled at scrape time.
    public func exposition(database: Database) -> String {
        let usage = database.poolUsage
        let labels = [("database", database.kind.rawValue)]
        registry.makeGauge(descriptor: Self.poolInUse, labels: labels).set(Double(usage.inUse))
        registry.makeGauge(descriptor: Self.poolCapacity, labels: labels).set(Double(usage.capacity))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
