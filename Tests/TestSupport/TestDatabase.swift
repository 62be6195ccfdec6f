import FTZCore
import Foundation
import Logging
import SQLKit
import Storage

/// Fresh, migrated databases for tests, on SQLite and on PostgreSQL.
///
/// PostgreSQL comes from `FTZ_TEST_POSTGRES_URL` (set by `scripts/test`, which starts a
/// throw-away server). Without it the PostgreSQL cases fail rather than skip: a suite
/// that silently ran on one database only would prove half of what it claims.
public enum TestDatabase {
    public static let kinds: [DatabaseKind] = [.sqlite, .postgres]

    public struct MissingPostgres: Error, CustomStringConvertible {
        public var description: String {
            "FTZ_TEST_POSTGRES_URL is not set: run the suite with scripts/test, which starts PostgreSQL"
        }
    }

    public static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["FTZ_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    /// A location for a new empty database of `kind`, and a function that deletes it.
    public static func makeLocation(_ kind: DatabaseKind) async throws -> (DatabaseLocation, @Sendable () async -> Void) {
        let name = "ftz_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            let path = directory.appendingPathComponent("test.sqlite").path
            return (.sqlite(path: path), { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            guard let adminURL = ProcessInfo.processInfo.environment["FTZ_TEST_POSTGRES_URL"] else { throw MissingPostgres() }
            try await withAdmin(adminURL) { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            var components = URLComponents(string: adminURL)!
            components.path = "/\(name)"
            return (.postgres(url: components.string!), {
                try? await withAdmin(adminURL) { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
            })
        }
    }

    /// One administrative connection pool for the whole run, never closed: creating and
    /// dropping each test's database through a pool of its own opened and stopped two
    /// PostgreSQL pools per test, hundreds in a run, for nothing.
    private static let administration = SharedAdministration()

    private static func withAdmin(_ url: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await administration.database(url).read(body)
    }

    /// Runs `body` with a new database of `kind`, migrated unless told otherwise, then deletes it.
    public static func withFresh<R: Sendable>(_ kind: DatabaseKind, migrate: Bool = true, poolSize: Int = 8,
                                              _ body: (Database) async throws -> R) async throws -> R {
        let (location, cleanup) = try await makeLocation(kind)
        let database = try await Database.open(location, poolSize: poolSize, logger: logger)
        do {
            if migrate { try await MigrationRunner(database: database, logger: logger).migrate() }
            let result = try await body(database)
            await database.close()
            await cleanup()
            return result
        } catch {
            await database.close()
            await cleanup()
            throw error
        }
    }
}

/// The administrative pool, opened by the first test that needs it.
private actor SharedAdministration {
    private var opening: Task<Database, any Error>?

    func database(_ url: String) async throws -> Database {
        if let opening { return try await opening.value }
        let task = Task { try await Database.open(.postgres(url: url), poolSize: 4, logger: TestDatabase.logger) }
        opening = task
        do { return try await task.value } catch {
            opening = nil
            throw error
        }
    }
}

/// A fixed instant for tests: 2026-03-02 09:00 in Hai Phong (02:00 UTC), a Monday.
public let testEpoch = Date(timeIntervalSince1970: 1_772_416_800)
