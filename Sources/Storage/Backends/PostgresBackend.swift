import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// PostgreSQL through PostgresNIO's connection pool (`PostgresClient`).
final class PostgresBackend: DatabaseBackend {
    let kind = DatabaseKind.postgres
    let client: PostgresClient
    let poolCapacity: Int
    private let databaseName: String
    private let logger: Logger
    private let runTask: Task<Void, Never>

    init(client: PostgresClient, poolCapacity: Int, databaseName: String, logger: Logger) {
        self.client = client
        self.poolCapacity = poolCapacity
        self.databaseName = databaseName
        self.logger = logger
        runTask = Task { await client.run() }
    }

    enum URLError: Error, CustomStringConvertible {
        case invalid(String)
        var description: String {
            switch self { case .invalid(let why): "invalid PostgreSQL URL: \(why)" }
        }
    }

    static func open(url: String, poolSize: Int, logger: Logger) throws -> PostgresBackend {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw URLError.invalid("expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard let user = components.user, !database.isEmpty else {
            throw URLError.invalid("user and database name are required")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        default: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = min(2, poolSize)
        return PostgresBackend(client: PostgresClient(configuration: configuration, backgroundLogger: logger), poolCapacity: poolSize,
                               databaseName: database, logger: logger)
    }

    func withReadConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { try await body($0.sql(queryLogLevel: .trace)) }
    }

    func withWriteConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { try await body($0.sql(queryLogLevel: .trace)) }
    }

    /// How long a closing pool may take to stop before it is abandoned.
    static let shutdownLimit: Duration = .seconds(10)

    /// Cancels the pool's run task and waits for it, at most ``shutdownLimit``: a pool that
    /// does not stop (PostgresNIO waits for every connection, however it fares) must not
    /// hold up its caller for ever. Such a pool is left behind and named in the log.
    func shutdown() async {
        runTask.cancel()
        if await !Self.stops(runTask, within: Self.shutdownLimit) {
            logger.error("PostgreSQL connection pool did not stop within \(Self.shutdownLimit); abandoning it",
                         metadata: ["database": .string(databaseName)])
        }
    }

    private static func stops(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
        let answer = FirstAnswer()
        return await withCheckedContinuation { continuation in
            answer.await(continuation)
            Task { await task.value; answer.give(true) }
            Task { try? await Task.sleep(for: limit); answer.give(false) }
        }
    }
}

/// A continuation resumed by whichever of two racers answers first.
private final class FirstAnswer: Sendable {
    private let waiting = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func await(_ continuation: CheckedContinuation<Bool, Never>) { waiting.withLock { $0 = continuation } }

    func give(_ value: Bool) { waiting.withLock { $0.take() }?.resume(returning: value) }
}
