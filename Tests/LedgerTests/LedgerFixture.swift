import FTZCore
import Foundation
import Ledger
import SQLKit
import Storage
import TestSupport

/// A ledger on a fresh database with a signing key, and helpers to fill and tamper with it.
struct LedgerFixture {
    static let origin = "test.ftz/ledger"
    let database: Database
    let ledger: Ledger
    let checkpoints: CheckpointService
    let reader: LedgerReader
    let key: NoteSigningKey

    static func with<R: Sendable>(_ kind: DatabaseKind, _ body: (LedgerFixture) async throws -> R) async throws -> R {
        try await TestDatabase.withFresh(kind) { database in
            let clock = ManualWallClock(testEpoch)
            let key = NoteSigningKey(name: origin, privateKey: .init())
            let checkpoints = CheckpointService(database: database, origin: origin, signingKeys: [key], clock: clock,
                                                logger: TestDatabase.logger, maximumAge: 10, maximumEntries: 5)
            try await checkpoints.registerKeys()
            return try await body(LedgerFixture(database: database, ledger: Ledger(database: database, clock: clock),
                                                checkpoints: checkpoints, reader: LedgerReader(database: database), key: key))
        }
    }

    static func event(_ number: Int, organisation: UUID? = nil) -> LedgerEvent {
        LedgerEvent(action: "test.happened", subjectType: "thing", subjectID: "\(number)", organisationID: organisation,
                    payload: ["n": .integer(Int64(number)), "note": .string("entry \"\(number)\"")])
    }

    /// Appends `count` entries one transaction each, signing a checkpoint whenever one is due.
    func fill(_ count: Int, organisation: UUID? = nil) async throws {
        for number in 0..<count {
            _ = try await database.transaction { try await ledger.append(Self.event(number, organisation: organisation), by: .system("test"), in: $0) }
            try await checkpoints.checkpointIfDue()
        }
    }

    func verify() async throws -> LedgerVerifier.Report {
        try await LedgerVerifier(database: database, origin: Self.origin, trustedKeys: [key.verifier], chunkSize: 7).verify()
    }

    func execute(_ sql: SQLQueryString) async throws {
        try await database.transaction { try await $0.sql.raw(sql).run() }
    }
}
