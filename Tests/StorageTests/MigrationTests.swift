import Foundation
import SQLKit
import Storage
import Testing
import TestSupport

@Suite("Migrations")
struct MigrationTests {
    @Test func bothDialectsCarryTheSameNumbers() throws {
        let postgres = try MigrationSource.bundled.load(for: .postgres)
        let sqlite = try MigrationSource.bundled.load(for: .sqlite)
        #expect(!postgres.isEmpty)
        #expect(postgres.map(\.version) == sqlite.map(\.version))
        #expect(postgres.map(\.name) == sqlite.map(\.name))
        #expect(postgres.map(\.version) == Array(1...postgres.count), "numbers are contiguous from 1")
    }

    @Test func embeddedCopyMatchesTheRepository() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for kind in DatabaseKind.allCases {
            let onDisk = try MigrationSource.directory(root.appendingPathComponent("Migrations")).load(for: kind)
            #expect(onDisk == (try MigrationSource.bundled.load(for: kind)))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func migrateAppliesEverythingOnceAndIsIdempotent(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind, migrate: false) { database in
            let runner = try MigrationRunner(database: database, logger: TestDatabase.logger)
            let count = try MigrationSource.bundled.load(for: kind).count
            #expect(try await runner.status().pending.count == count)
            #expect(try await runner.migrate().count == count)
            #expect(try await runner.migrate().isEmpty)
            let status = try await runner.status()
            #expect(status.isCurrent && status.applied.count == count)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEditedAppliedMigrationStopsStartUp(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind, migrate: false) { database in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let folder = directory.appendingPathComponent(kind.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("0001_widgets.sql")
            try "CREATE TABLE widgets (id INTEGER PRIMARY KEY)".write(to: file, atomically: true, encoding: .utf8)
            try await MigrationRunner(database: database, source: .directory(directory), logger: TestDatabase.logger).migrate()

            try "CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT)".write(to: file, atomically: true, encoding: .utf8)
            let edited = try MigrationRunner(database: database, source: .directory(directory), logger: TestDatabase.logger)
            await #expect {
                try await edited.migrate()
            } throws: { error in
                guard case MigrationRunner.Failure.edited(let version, let name, _, _) = error else { return false }
                return version == 1 && name == "widgets"
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aFailingMigrationLeavesNoTrace(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind, migrate: false) { database in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let folder = directory.appendingPathComponent(kind.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "CREATE TABLE gadgets (id INTEGER PRIMARY KEY)\n--;;\nCREATE TABLE broken (".write(
                to: folder.appendingPathComponent("0001_gadgets.sql"), atomically: true, encoding: .utf8)
            let runner = try MigrationRunner(database: database, source: .directory(directory), logger: TestDatabase.logger)
            await #expect(throws: (any Error).self) { try await runner.migrate() }
            // The first statement of the file was rolled back with the second.
            await #expect(throws: (any Error).self) {
                try await database.read { try await $0.raw("SELECT id FROM gadgets").all() }
            }
            #expect(try await runner.status().pending == [1])
        }
    }

    @Test func statementsSplitOnTheDelimiterLineOnly() {
        let migration = Migration(version: 1, name: "x", sql: "-- header\nCREATE TABLE a (x TEXT DEFAULT ';')\n--;;\n-- only a comment\n--;;\nCREATE INDEX i ON a (x)\n")
        #expect(migration.statements == ["-- header\nCREATE TABLE a (x TEXT DEFAULT ';')", "CREATE INDEX i ON a (x)"])
    }
}
