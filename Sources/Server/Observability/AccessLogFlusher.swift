import ServiceLifecycle

/// Writes the buffered access log at shutdown, so the last requests' lines are not lost.
struct AccessLogFlusher: Service {
    let accessLog: AccessLog?

    func run() async throws {
        try? await gracefulShutdown()
        accessLog?.flush()
    }
}
