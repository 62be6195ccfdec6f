import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Merkle
import Storage
import Testing
import TestSupport

@Suite("Ledger over HTTP")
struct LedgerAPITests {
    @Test(arguments: TestDatabase.kinds)
    func receiptsProveInclusionUnderASignedCheckpoint(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let created = try await app.request(.post, "/v1/organisations", token: app.adminToken,
                                                json: ["kind": "department", "name": "Sở Công Thương", "country": "VN"])
            let receipt = try #require(created.headers[.init("Ledger-Receipt")!])
            let index = try #require(Int64(receipt.split(separator: ";")[0].dropFirst("index=".count)))
            let leafHash = String(receipt.split(separator: ";")[1].trimmingCharacters(in: .whitespaces).dropFirst("leaf-hash=".count))
            try await app.services.checkpoints.checkpointNow()

            let keys = try await app.request(.get, "/v1/ledger/keys")
            let keyText = try #require(((keys.json["keys"] as? [[String: Any]])?.first)?["verifierKey"] as? String)
            let verifier = try NoteVerifierKey(parsing: keyText)

            let checkpointResponse = try await app.request(.get, "/v1/ledger/checkpoint")
            #expect(checkpointResponse.status == .ok && checkpointResponse.headers[.contentType]?.hasPrefix("text/plain") == true)
            let note = try SignedNote.parse(checkpointResponse.text)
            #expect(note.verifiedSignatures(by: [verifier]).count == 1)
            let checkpoint = try Checkpoint(body: note.text)
            #expect(checkpoint.origin == "hpftz.gov.vn/ledger" && checkpoint.size > index)

            let proof = try await app.request(.get, "/v1/ledger/proof/inclusion?index=\(index)&treeSize=\(checkpoint.size)")
            #expect(proof.status == .ok && proof.json["leafHash"] as? String == leafHash)
            let hashes = (proof.json["hashes"] as? [String] ?? []).map { Array(Data(base64Encoded: $0)!) }
            #expect(MerkleVerification.verifyInclusion(index: index, size: checkpoint.size, leafHash: Array(Data(base64Encoded: leafHash)!),
                                                       proof: hashes, root: checkpoint.root))

            let consistency = try await app.request(.get, "/v1/ledger/proof/consistency?from=1&to=\(checkpoint.size)")
            #expect(consistency.status == .ok && (consistency.json["hashes"] as? [String])?.isEmpty == false)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func entriesAreVisibleToAuditorsAndTheirOwnOrganisation(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let anonymous = try await app.request(.get, "/v1/ledger/entries")
            #expect(anonymous.status == .unauthorized)

            let all = try await app.request(.get, "/v1/ledger/entries?limit=500", token: app.adminToken)
            let allItems = all.json["items"] as? [[String: Any]] ?? []
            #expect(allItems.count > 5)
            let mine = try await app.request(.get, "/v1/ledger/entries?limit=500", token: app.investorToken)
            let mineItems = mine.json["items"] as? [[String: Any]] ?? []
            let ownID = app.investorOrganisation.id.uuidString.lowercased()
            #expect(!mineItems.isEmpty && mineItems.allSatisfy { $0["organisationId"] as? String == ownID })

            let foreign = try #require(allItems.first { $0["organisationId"] as? String != ownID })
            let foreignIndex = try #require(foreign["index"] as? Int)
            #expect(try await app.request(.get, "/v1/ledger/entries/\(foreignIndex)", token: app.investorToken).status == .notFound)
            // What the organisation did itself is the hashed bytes, which it can check; what the
            // authority did names "the authority", and says so.
            let own = try #require(mineItems.first { $0["redacted"] as? Bool == false })
            let fetched = try await app.request(.get, "/v1/ledger/entries/\(own["index"] as! Int)", token: app.investorToken)
            let canonical = try #require(fetched.json["canonical"] as? String)
            #expect(Data(MerkleHash.leaf(Array(canonical.utf8))).base64EncodedString() == fetched.json["leafHash"] as? String)
            for redacted in mineItems where redacted["redacted"] as? Bool == true {
                #expect((redacted["canonical"] as? String)?.contains(#""actor":{"ref":"authority"}"#) == true)
            }
            #expect(!canonical.contains(ServerFixture.password), "no secrets in entries")
            #expect(!canonical.contains("\"investor\",\"password\""))

            let paged = try await app.request(.get, "/v1/ledger/entries?limit=2&start=1", token: app.adminToken)
            #expect((paged.json["items"] as? [[String: Any]])?.compactMap { $0["index"] as? Int } == [1, 2])
            let cursor = try #require(paged.json["nextCursor"] as? String)
            let next = try await app.request(.get, "/v1/ledger/entries?limit=2&start=1&cursor=\(cursor)", token: app.adminToken)
            #expect((next.json["items"] as? [[String: Any]])?.compactMap { $0["index"] as? Int } == [3, 4])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func badProofRequestsNameTheParameter(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let beyond = try await app.request(.get, "/v1/ledger/proof/inclusion?index=0&treeSize=999999")
            #expect(beyond.status == .badRequest && beyond.problemPointers == ["query:treeSize"])
            let missing = try await app.request(.get, "/v1/ledger/proof/inclusion?treeSize=1")
            #expect(missing.status == .badRequest && missing.problemPointers == ["query:index"], "\(missing.text)")
            let backwards = try await app.request(.get, "/v1/ledger/proof/consistency?from=3&to=2")
            #expect(backwards.status == .badRequest && backwards.problemPointers.contains("query:from"))
            let notANumber = try await app.request(.get, "/v1/ledger/proof/consistency?from=x&to=2")
            #expect(notANumber.status == .badRequest && notANumber.isProblem, "\(notANumber.text)")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func everyChangeOfTheSuiteIsInTheVerifiedLog(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            _ = try await app.request(.post, "/v1/organisations", token: app.adminToken,
                                      json: ["kind": "department", "name": "Sở Nội vụ", "country": "VN"])
            _ = try await app.request(.post, "/v1/auth/logout", token: app.otherInvestorToken)
            try await app.services.checkpoints.checkpointNow()
            let report = try await LedgerVerifier(database: app.services.database, origin: "hpftz.gov.vn/ledger",
                                                  trustedKeys: app.services.checkpoints.currentVerifierKeys).verify()
            let actions = try await app.services.ledgerService.reader.entries(start: 0, end: nil, limit: 500, organisation: nil).map(\.action)
            #expect(report.entries == Int64(actions.count))
            #expect(actions.contains("identity.organisation.created") && actions.contains("identity.token.revoked")
                    && actions.contains("identity.user.created") && actions.contains("identity.token.issued"))
        }
    }
}
