import FTZCore
import Foundation
import Ledger
import Merkle
import Storage
import Testing
import TestSupport

@Suite("Ledger proofs and checkpoints from the database")
struct LedgerProofTests {
    @Test(arguments: TestDatabase.kinds)
    func proofsFromStoredSubtreesVerify(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(23)
            let head = try await fixture.reader.head()
            #expect(head.size == 23)
            for size in [1, 2, 7, 8, 16, 23] as [Int64] {
                let root = try await fixture.reader.root(size: size)
                for index in 0..<size {
                    let entry = try #require(try await fixture.reader.entry(at: index))
                    #expect(MerkleHash.leaf(entry.bytes) == entry.leafHash)
                    let proof = try await fixture.reader.inclusionProof(index: index, treeSize: size)
                    #expect(MerkleVerification.verifyInclusion(index: index, size: size, leafHash: entry.leafHash, proof: proof, root: root))
                }
                let consistency = try await fixture.reader.consistencyProof(from: size, to: 23)
                #expect(MerkleVerification.verifyConsistency(oldSize: size, newSize: 23, oldRoot: root, newRoot: head.root, proof: consistency))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func checkpointsAreSignedWhenDueAndConsistent(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            try await fixture.fill(12)
            let all = try await fixture.checkpoints.all()
            #expect(all.map(\.size) == [1, 6, 11], "the first entry, then every 5 entries")
            for checkpoint in all {
                let note = try SignedNote.parse(checkpoint.note)
                #expect(note.verifiedSignatures(by: [fixture.key.verifier]).count == 1)
                #expect(try Checkpoint(body: note.text).root == (try await fixture.reader.root(size: checkpoint.size)))
            }
            #expect(try await fixture.checkpoints.checkpointNow()?.size == 12)
            #expect(try await fixture.checkpoints.checkpointNow() == nil, "nothing new to sign")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func rotationKeepsOldKeysListedAsRetired(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            let next = NoteSigningKey(name: LedgerFixture.origin, privateKey: .init())
            let rotated = CheckpointService(database: fixture.database, origin: LedgerFixture.origin, signingKeys: [next],
                                            clock: ManualWallClock(testEpoch), logger: TestDatabase.logger)
            try await rotated.registerKeys()
            let keys = try await rotated.publishedKeys()
            #expect(Set(keys.map(\.verifierKey)) == [fixture.key.verifier.serialized, next.verifier.serialized])
            #expect(keys.first { $0.verifierKey == fixture.key.verifier.serialized }?.status == "retired")
            #expect(keys.first { $0.verifierKey == next.verifier.serialized }?.status == "current")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func bulkAppendsMatchSingleAppends(kind: DatabaseKind) async throws {
        try await LedgerFixture.with(kind) { fixture in
            let events = (0..<1200).map { LedgerFixture.event($0) }
            let receipts = try await fixture.database.transaction { try await fixture.ledger.append(events, by: .system("test"), in: $0) }
            #expect(receipts.map(\.index) == Array(0..<1200))
            try await fixture.checkpoints.checkpointNow()
            let report = try await fixture.verify()
            #expect(report.entries == 1200 && report.checkpoints == 1)
        }
    }
}
