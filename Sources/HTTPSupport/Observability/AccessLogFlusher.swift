import ServiceLifecycle

/// Writes the buffered access log at shutdown, so the last requests' lines are not lost.
public struct AccessLogFlusher: Service {
    public let accessLog: AccessLog?

    public init(accessLog: AccessLog?) { self.accessLog = accessLog }

    public func run() async throws {
        try? await gracefulShutdown()
        accessLog?.flush()
    }
}
