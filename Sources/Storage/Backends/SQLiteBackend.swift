import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Embedded SQLite: one writer connection (SQLite admits one writer at a time anyway,
/// so transactions queue here rather than fail with SQLITE_BUSY) and a few readers,
/// which WAL mode lets run beside the writer.
struct SQLiteBackend: DatabaseBackend {
    let kind = DatabaseKind.sqlite
    let writer: ResourcePool<SQLiteConnection>
    let readers: ResourcePool<SQLiteConnection>
    var poolCapacity: Int { readers.all.count + 1 }

    static func open(path: String, readers readerCount: Int, logger: Logger) async throws -> SQLiteBackend {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func connect() async throws -> SQLiteConnection {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            // foreign_keys and busy_timeout are per connection; journal_mode is per database file.
            // synchronous=FULL: a committed change survives power loss, which an audit log needs.
            do {
                for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000",
                               "PRAGMA synchronous=FULL"] {
                    try await connection.sql().raw(SQLQueryString(pragma)).run()
                }
            } catch {
                try? await connection.close()
                throw error
            }
            return connection
        }
        var opened: [SQLiteConnection] = []
        do {
            for _ in 0...readerCount { opened.append(try await connect()) }
        } catch {
            for connection in opened { try? await connection.close() }
            throw error
        }
        let writer = opened.removeFirst()
        let readers = opened
        return SQLiteBackend(writer: ResourcePool([writer]), readers: ResourcePool(readers))
    }

    func withReadConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await readers.with { try await body($0.sql(queryLogLevel: .trace)) }
    }

    func withWriteConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await writer.with { try await body($0.sql(queryLogLevel: .trace)) }
    }

    func shutdown() async {
        for connection in writer.all + readers.all { try? await connection.close() }
    }
}
