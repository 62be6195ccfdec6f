import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's connection pool (`PostgresClient`).
final class PostgresBackend: DatabaseBackend {
    let kind = DatabaseKind.postgres
    let client: PostgresClient
    let poolCapacity: Int
    private let runTask: Task<Void, Never>

    init(client: PostgresClient, poolCapacity: Int) {
        self.client = client
        self.poolCapacity = poolCapacity
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
        return PostgresBackend(client: PostgresClient(configuration: configuration, backgroundLogger: logger), poolCapacity: poolSize)
    }

    func withReadConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { try await body($0.sql(queryLogLevel: .trace)) }
    }

    func withWriteConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { try await body($0.sql(queryLogLevel: .trace)) }
    }

    func shutdown() async {
        runTask.cancel()
        _ = await runTask.value
    }
}
