import FTZCore
import Foundation
import Logging
import SQLKit
import Synchronization

/// Which engine is underneath. Repositories branch on it only where the SQL dialects
/// truly differ (types in migrations, row locking); everything else is shared SQLKit.
public enum DatabaseKind: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}

/// Where the data lives: an embedded SQLite file, or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://…` or `postgresql://…` selects PostgreSQL; `sqlite:PATH` or a plain path selects SQLite.
    public init(url: String) {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(url: url)
        } else if url.hasPrefix("sqlite://") {
            self = .sqlite(path: String(url.dropFirst("sqlite://".count)))
        } else if url.hasPrefix("sqlite:") {
            self = .sqlite(path: String(url.dropFirst("sqlite:".count)))
        } else {
            self = .sqlite(path: url)
        }
    }

    /// Safe to log: the password of a PostgreSQL URL is masked.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://(unparsable)" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://"
        }
    }
}

/// A backend keeps a pool of connections and knows how to open a transaction on one.
protocol DatabaseBackend: Sendable {
    var kind: DatabaseKind { get }
    var poolCapacity: Int { get }
    func withReadConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    func withWriteConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    func shutdown() async
}

/// The one door to the database for every capability: reads, and transactions in which
/// repositories write and the ledger appends, committed or rolled back together.
public final class Database: Sendable {
    public let kind: DatabaseKind
    public let logger: Logger
    private let backend: any DatabaseBackend
    private let usage = Mutex(PoolUsage())

    /// Connections currently lent out, and how many the pool may hold; exported as metrics.
    public struct PoolUsage: Sendable, Equatable {
        public var inUse = 0
        public var capacity = 0
    }

    init(backend: any DatabaseBackend, logger: Logger) {
        self.backend = backend
        self.kind = backend.kind
        self.logger = logger
        usage.withLock { $0.capacity = backend.poolCapacity }
    }

    /// Opens (creating if need be) the database at `location`.
    public static func open(_ location: DatabaseLocation, poolSize: Int = 8, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path):
            return Database(backend: try await SQLiteBackend.open(path: path, readers: max(1, poolSize / 2), logger: logger), logger: logger)
        case .postgres(let url):
            return Database(backend: try PostgresBackend.open(url: url, poolSize: poolSize, logger: logger), logger: logger)
        }
    }

    public var poolUsage: PoolUsage { usage.withLock { $0 } }

    /// Runs read-only work on a pooled connection.
    public func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await counted { try await backend.withReadConnection(body) }
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    /// Work registered with ``Transaction/afterCommit(_:)`` runs only once the commit succeeded.
    public func transaction<R: Sendable>(_ body: @Sendable (Transaction) async throws -> R) async throws -> R {
        let (result, transaction) = try await counted {
            try await backend.withWriteConnection { connection in
                let transaction = Transaction(sql: connection, kind: kind)
                try await connection.raw("BEGIN").run()
                let claim = IdempotencyClaim.current.flatMap { $0.beginClaim() ? $0 : nil }
                do {
                    if let claim { try await IdempotencyStore.record(claim, on: connection) }
                    let result = try await body(transaction)
                    try await connection.raw("COMMIT").run()
                    claim?.transactionEnded(committed: true)
                    await transaction.complete()
                    return (result, transaction)
                } catch {
                    claim?.transactionEnded(committed: false)
                    do { try await connection.raw("ROLLBACK").run() } catch let rollbackError {
                        logger.error("rollback failed", metadata: ["error": "\(String(reflecting: rollbackError))"])
                    }
                    transaction.rolledBack()
                    await transaction.complete()
                    throw error
                }
            }
        }
        for action in transaction.takeAfterCommitActions() { await action() }
        return result
    }

    private func counted<R>(_ body: () async throws -> R) async throws -> R {
        usage.withLock { $0.inUse += 1 }
        defer { usage.withLock { $0.inUse -= 1 } }
        return try await body()
    }

    public func close() async {
        await backend.shutdown()
    }
}

/// An open transaction: the connection repositories write through, plus the work to do
/// after a successful commit (cache invalidation, live-stream publication).
public final class Transaction: Sendable {
    public let sql: any SQLDatabase
    public let kind: DatabaseKind
    private let afterCommitActions = Mutex<[@Sendable () async -> Void]>([])
    private let completionActions = Mutex<[@Sendable () async -> Void]>([])
    private let rollbackActions = Mutex<[@Sendable () -> Void]>([])

    init(sql: any SQLDatabase, kind: DatabaseKind) {
        self.sql = sql
        self.kind = kind
    }

    /// Registers work that must only happen if the transaction commits.
    public func afterCommit(_ action: @escaping @Sendable () async -> Void) {
        afterCommitActions.withLock { $0.append(action) }
    }

    /// Registers work to run when the transaction ends, committed or rolled back, before
    /// its connection is returned (releasing something held for the transaction's life).
    public func onCompletion(_ action: @escaping @Sendable () async -> Void) {
        completionActions.withLock { $0.append(action) }
    }

    /// Registers work for a rollback: undoing what was changed in memory alongside the
    /// transaction (a cache fed as rows were written).
    public func afterRollback(_ action: @escaping @Sendable () -> Void) {
        rollbackActions.withLock { $0.append(action) }
    }

    fileprivate func rolledBack() {
        for action in rollbackActions.withLock({ actions in defer { actions = [] }; return actions }) { action() }
    }

    fileprivate func complete() async {
        let actions = completionActions.withLock { actions in defer { actions = [] }; return actions }
        for action in actions { await action() }
    }

    fileprivate func takeAfterCommitActions() -> [@Sendable () async -> Void] {
        afterCommitActions.withLock { actions in defer { actions = [] }; return actions }
    }
}
