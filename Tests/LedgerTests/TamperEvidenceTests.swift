import FTZCore
import Foundation
import Ledger
import Merkle
import SQLKit
import Storage
import Testing
import TestSupport

/// Each kind of tampering is caught by the verifier, which names where.
@Suite("Tamper evidence")
struct TamperEvidenceTests {
    static func mismatch(_ fixture: LedgerFixture) async -> LedgerVerifier.Mismatch? {
        do {
            _ = try await fixture.verify()
            return nil
        } catch let mismatch as LedgerVerifier.Mismatch {
            return mismatch
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anIntactLogVerifies(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(30)
            try await fixture.checkpoints.checkpointNow()
            let report = try await fixture.verify()
            #expect(report.entries == 30 && report.checkpoints == 7)
            #expect(report.root == (try await fixture.reader.head()).root)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func oneChangedByteInAnEntry(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(20)
            let entry = try #require(try await fixture.reader.entry(at: 9))
            var bytes = entry.bytes
            let position = try #require(bytes.firstIndex(of: UInt8(ascii: "9")))
            bytes[position] = UInt8(ascii: "8")
            try await fixture.execute("UPDATE ledger_entries SET entry = \(bind: Data(bytes)) WHERE idx = 9")
            let mismatch = await Self.mismatch(fixture)
            #expect(mismatch?.index == 9 && mismatch?.what.contains("leaf hash") == true, "\(String(describing: mismatch))")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aChangedEntryWithItsLeafHashRecomputed(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(20)
            let entry = try #require(try await fixture.reader.entry(at: 4))
            let forged = Array(entry.canonicalText.replacingOccurrences(of: "entry \\\"4\\\"", with: "entry \\\"5\\\"").utf8)
            #expect(forged != entry.bytes)
            try await fixture.execute("""
                UPDATE ledger_entries SET entry = \(bind: Data(forged)), leaf_hash = \(bind: Data(MerkleHash.leaf(forged))) WHERE idx = 4
                """)
            let mismatch = await Self.mismatch(fixture)
            // The next entry's chain link no longer matches (or, for the tree, the stored subtree).
            #expect(mismatch.map { $0.index == 5 || $0.index == 4 } == true, "\(String(describing: mismatch))")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDeletedEntry(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(20)
            try await fixture.execute("DELETE FROM ledger_entries WHERE idx = 13")
            let mismatch = await Self.mismatch(fixture)
            #expect(mismatch?.index == 13 && mismatch?.what == "entry missing", "\(String(describing: mismatch))")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func twoEntriesSwapped(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(20)
            let a = try #require(try await fixture.reader.entry(at: 6))
            let b = try #require(try await fixture.reader.entry(at: 7))
            try await fixture.execute("UPDATE ledger_entries SET entry = \(bind: Data(b.bytes)), leaf_hash = \(bind: Data(b.leafHash)) WHERE idx = 6")
            try await fixture.execute("UPDATE ledger_entries SET entry = \(bind: Data(a.bytes)), leaf_hash = \(bind: Data(a.leafHash)) WHERE idx = 7")
            let mismatch = await Self.mismatch(fixture)
            #expect(mismatch?.index == 6 && mismatch?.what.contains("index recorded") == true, "\(String(describing: mismatch))")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aForgedCheckpointSignature(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(12)
            let victim = try #require(try await fixture.checkpoints.all().first { $0.size == 6 })
            let impostor = NoteSigningKey(name: LedgerFixture.origin, privateKey: .init())
            let real = try SignedNote.parse(victim.note)
            // Same key name and id as the trusted key, signature bytes from another key.
            let forgedSignature = try SignedNote.sign(real.text, with: [impostor]).signatures[0].signature
            let forged = SignedNote(text: real.text, signatures: [.init(keyName: real.signatures[0].keyName, keyID: real.signatures[0].keyID,
                                                                          signature: forgedSignature)])
            try await fixture.execute("UPDATE ledger_checkpoints SET note = \(bind: forged.serialized) WHERE size = 6")
            let mismatch = await Self.mismatch(fixture)
            #expect(mismatch?.index == 6 && mismatch?.what == "checkpoint signature", "\(String(describing: mismatch))")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCheckpointInconsistentWithTheLog(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(12)
            // A properly signed checkpoint of a different tree of size 6 (a fork).
            let fork = Checkpoint(origin: LedgerFixture.origin, size: 6, root: Array(repeating: 0xAB, count: 32))
            let note = try SignedNote.sign(fork.body, with: [fixture.key])
            try await fixture.execute("""
                UPDATE ledger_checkpoints SET note = \(bind: note.serialized), root = \(bind: Data(fork.root)) WHERE size = 6
                """)
            let mismatch = await Self.mismatch(fixture)
            #expect(mismatch?.index == 6 && mismatch?.what.contains("checkpoint root") == true, "\(String(describing: mismatch))")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aTruncatedLog(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(20)
            try await fixture.checkpoints.checkpointNow()
            try await fixture.execute("DELETE FROM ledger_entries WHERE idx >= 17")
            let mismatch = await Self.mismatch(fixture)
            #expect(mismatch?.index == 17, "\(String(describing: mismatch))")
            #expect(mismatch?.what.contains("log length") == true || mismatch?.what.contains("truncated") == true)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aTruncatedLogWithARewrittenHead(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(20)
            try await fixture.checkpoints.checkpointNow()
            // Cut the log back to 10 entries and make the head row agree: only the signed
            // checkpoints still remember the longer log.
            let shorter = try await fixture.database.read { sql in
                try await sql.raw("SELECT leaf_hash FROM ledger_entries WHERE idx < 10 ORDER BY idx").all()
                    .map { Array(try $0.decode(column: "leaf_hash", as: Data.self)) }
            }
            var frontier = MerkleFrontier()
            for leaf in shorter { _ = frontier.append(leafHash: leaf) }
            try await fixture.execute("DELETE FROM ledger_entries WHERE idx >= 10")
            try await fixture.execute("DELETE FROM ledger_nodes WHERE (idx + 1) * (1 << level) > 10")
            try await fixture.execute("""
                UPDATE ledger_head SET size = 10, last_hash = \(bind: Data(shorter.last!)), frontier = \(bind: Data(frontier.serialized))
                """)
            let mismatch = await Self.mismatch(fixture)
            #expect(mismatch?.what.contains("truncated") == true, "\(String(describing: mismatch))")
            #expect(mismatch?.index == 11, "the first checkpoint past the cut names where")
        }
    }
}
