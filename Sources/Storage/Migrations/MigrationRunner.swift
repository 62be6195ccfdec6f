import FTZCore
import Foundation
import Logging
import SQLKit

/// Applies pending migrations, each in its own transaction, and refuses to go on when a
/// migration already applied has since been edited.
public struct MigrationRunner: Sendable {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case edited(version: Int, name: String, recorded: String, found: String)
        case unknownApplied(version: Int)
        public var description: String {
            switch self {
            case .edited(let version, let name, let recorded, let found):
                "migration \(version) (\(name)) was edited after it was applied: recorded checksum \(recorded), file has \(found); "
                    + "add a new migration instead of changing an applied one"
            case .unknownApplied(let version):
                "the database has migration \(version) applied but no such file exists: is this binary older than the database?"
            }
        }
    }

    /// What a check found: applied, pending, or broken migrations.
    public struct Status: Sendable, Equatable {
        public let applied: [Int]
        public let pending: [Int]
        public var isCurrent: Bool { pending.isEmpty }
    }

    let database: Database
    let migrations: [Migration]
    let logger: Logger

    public init(database: Database, source: MigrationSource = .bundled, logger: Logger) throws {
        self.database = database
        self.migrations = try source.load(for: database.kind)
        self.logger = logger
    }

    private static let historyTable = "schema_migrations"

    private func ensureHistoryTable() async throws {
        let timestampType = database.kind == .postgres ? "TIMESTAMPTZ" : "REAL"
        try await database.transaction { tx in
            try await tx.sql.raw("""
                CREATE TABLE IF NOT EXISTS \(unsafeRaw: Self.historyTable) (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    applied_at \(unsafeRaw: timestampType) NOT NULL
                )
                """).run()
        }
    }

    private struct Applied: Decodable { let version: Int; let name: String; let checksum: String }

    private func applied(on sql: any SQLDatabase) async throws -> [Int: Applied] {
        let rows = try await sql.raw("SELECT version, name, checksum FROM \(unsafeRaw: Self.historyTable)").all(decoding: Applied.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.version, $0) })
    }

    /// Compares the files with the history table; throws when an applied file was edited.
    public func status() async throws -> Status {
        try await ensureHistoryTable()
        let applied = try await database.read { try await self.applied(on: $0) }
        try verify(applied)
        return Status(applied: applied.keys.sorted(),
                      pending: migrations.map(\.version).filter { applied[$0] == nil })
    }

    private func verify(_ applied: [Int: Applied]) throws {
        for migration in migrations {
            if let record = applied[migration.version], record.checksum != migration.checksum {
                throw Failure.edited(version: migration.version, name: migration.name, recorded: record.checksum, found: migration.checksum)
            }
        }
        if let stray = applied.keys.sorted().first(where: { version in !migrations.contains { $0.version == version } }) {
            throw Failure.unknownApplied(version: stray)
        }
    }

    /// Applies every pending migration in order; returns the versions it applied.
    @discardableResult
    public func migrate(clock: any WallClock = SystemWallClock()) async throws -> [Int] {
        let status = try await status()
        var done: [Int] = []
        for migration in migrations where status.pending.contains(migration.version) {
            let appliedNow = try await database.transaction { tx -> Bool in
                if tx.kind == .postgres {
                    // Two processes starting together: the second waits, then sees the row and skips.
                    try await tx.sql.raw("SELECT pg_advisory_xact_lock(727472)").run()
                }
                if try await self.applied(on: tx.sql)[migration.version] != nil { return false }
                for statement in migration.statements {
                    try await tx.sql.raw(SQLQueryString(statement)).run()
                }
                try await tx.sql.raw("""
                    INSERT INTO \(unsafeRaw: Self.historyTable) (version, name, checksum, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: migration.checksum), \(bind: clock.now()))
                    """).run()
                return true
            }
            if appliedNow {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                done.append(migration.version)
            }
        }
        return done
    }
}
