import FTZCore
import Foundation
import Ledger
import SQLKit
import Storage
import Testing
import TestSupport

@Suite("Ledger appends share the caller's transaction")
struct LedgerAppendTests {
    struct Boom: Error {}

    static func event(_ number: Int) -> LedgerEvent {
        LedgerEvent(action: "test.happened", subjectType: "thing", subjectID: "\(number)", organisationID: nil, payload: ["n": .integer(Int64(number))])
    }

    static func indices(_ database: Database) async throws -> [Int64] {
        try await database.read { try await $0.raw("SELECT idx FROM ledger_entries ORDER BY idx").all().map { try $0.decode(column: "idx", as: Int64.self) } }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRolledBackChangeLeavesNoEntry(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind) { database in
            let ledger = Ledger(database: database, clock: ManualWallClock(testEpoch))
            let receipt = try await database.transaction { try await ledger.append(Self.event(0), by: .system("test"), in: $0) }
            #expect(receipt.index == 0)
            await #expect(throws: Boom.self) {
                try await database.transaction { tx in
                    try await ledger.append(Self.event(1), by: .system("test"), in: tx)
                    throw Boom()
                }
            }
            let next = try await database.transaction { try await ledger.append(Self.event(2), by: .system("test"), in: $0) }
            #expect(next.index == 1, "the rolled-back append left no gap")
            #expect(try await Self.indices(database) == [0, 1])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func concurrentAppendsGetContiguousIndices(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind) { database in
            let ledger = Ledger(database: database, clock: ManualWallClock(testEpoch))
            let receipts = try await withThrowingTaskGroup(of: LedgerReceipt.self) { group in
                for number in 0..<100 {
                    group.addTask { try await database.transaction { try await ledger.append(Self.event(number), by: .system("test"), in: $0) } }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(receipts.map(\.index).sorted() == Array(0..<100))
            #expect(try await Self.indices(database) == Array(0..<100))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func entriesAreChainedCanonicalJSON(kind: DatabaseKind) async throws {
        try await TestDatabase.withFresh(kind) { database in
            let ledger = Ledger(database: database, clock: ManualWallClock(testEpoch))
            var receipts: [LedgerReceipt] = []
            for number in 0..<3 {
                receipts.append(try await database.transaction { try await ledger.append(Self.event(number), by: .system("test"), in: $0) })
            }
            let rows = try await database.read { try await $0.raw("SELECT entry FROM ledger_entries ORDER BY idx").all() }
            let entries = try rows.map { try JSONDecoder().decode(JSONValue.self, from: try $0.decode(column: "entry", as: Data.self)) }
            #expect(entries[0]["previous"] == .null)
            #expect(entries[1]["previous"]?.stringValue == receipts[0].leafHashBase64)
            #expect(entries[2]["previous"]?.stringValue == receipts[1].leafHashBase64)
            #expect(entries[1]["timestamp"]?.stringValue == "2026-03-02T02:00:00.000Z")
            let stored = try rows[0].decode(column: "entry", as: Data.self)
            #expect(Array(stored) == entries[0].canonicalBytes, "stored bytes are the canonical form")
        }
    }
}
