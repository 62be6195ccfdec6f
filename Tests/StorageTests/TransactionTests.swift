import Foundation
import SQLKit
import Storage
import Synchronization
import Testing
import TestSupport

@Suite("Transactions")
struct TransactionTests {
    struct Boom: Error {}

    @Test(arguments: TestDatabase.kinds)
    func commitKeepsAndRollbackDiscards(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind, migrate: false) { database in
            try await database.transaction { try await $0.sql.raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)").run() }
            try await database.transaction { try await $0.sql.raw("INSERT INTO notes VALUES (1, 'kept')").run() }
            await #expect(throws: Boom.self) {
                try await database.transaction { tx in
                    try await tx.sql.raw("INSERT INTO notes VALUES (2, 'lost')").run()
                    throw Boom()
                }
            }
            let rows = try await database.read { try await $0.raw("SELECT id FROM notes ORDER BY id").all() }
            #expect(try rows.map { try $0.decode(column: "id", as: Int.self) } == [1])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func afterCommitRunsOnlyOnCommit(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind, migrate: false) { database in
            let ran = Mutex<[String]>([])
            try await database.transaction { tx in tx.afterCommit { ran.withLock { $0.append("committed") } } }
            try? await database.transaction { tx in
                tx.afterCommit { ran.withLock { $0.append("rolled back") } }
                throw Boom()
            }
            #expect(ran.withLock { $0 } == ["committed"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func concurrentTransactionsDoNotLoseUpdates(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind, migrate: false) { database in
            try await database.transaction { tx in
                try await tx.sql.raw("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)").run()
                try await tx.sql.raw("INSERT INTO counter VALUES (1, 0)").run()
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await database.transaction { tx in
                            try await tx.sql.raw("UPDATE counter SET value = value + 1 WHERE id = 1").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let value = try await database.read { try await $0.raw("SELECT value FROM counter").first()!.decode(column: "value", as: Int.self) }
            #expect(value == 40)
            #expect(database.poolUsage.inUse == 0)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func foreignKeysAreEnforced(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind, migrate: false) { database in
            try await database.transaction { tx in
                try await tx.sql.raw("CREATE TABLE parents (id INTEGER PRIMARY KEY)").run()
                try await tx.sql.raw("CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parents(id))").run()
            }
            await #expect(throws: (any Error).self) {
                try await database.transaction { try await $0.sql.raw("INSERT INTO children VALUES (1, 99)").run() }
            }
        }
    }

    @Test func sqliteRunsInWALMode() async throws {
        try await TestDatabase.withFresh(.sqlite, migrate: false) { database in
            let mode = try await database.read { try await $0.raw("PRAGMA journal_mode").first()!.decode(column: "journal_mode", as: String.self) }
            #expect(mode == "wal")
        }
    }

    @Test func passwordsNeverAppearInTheLocationDescription() {
        #expect(DatabaseLocation(url: "postgres://ftz:s3cret@db:5432/ftz").description == "postgres://ftz:***@db:5432/ftz")
        #expect(DatabaseLocation(url: "sqlite:/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
    }
}
