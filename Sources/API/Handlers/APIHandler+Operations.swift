import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import OpenAPIRuntime

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let status: MigrationStatusSummary
        do {
            let migrations = try await services.migrations.status()
            status = MigrationStatusSummary(applied: migrations.applied.count, pending: migrations.pending.count)
        } catch {
            services.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            throw Problem(.serviceUnavailable, "not_ready", retryAfter: 5)
        }
        guard status.pending == 0 else { throw Problem(.serviceUnavailable, "migrations_pending", retryAfter: 5) }
        return .ok(.init(body: .json(.init(
            status: "ready", database: services.database.kind == .postgres ? .postgres : .sqlite,
            migrations: .init(applied: status.applied, pending: status.pending)))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(metrics.exposition(database: services.database)))))
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(openAPIDocument))))
    }
}

private struct MigrationStatusSummary {
    let applied: Int
    let pending: Int
}
