import FTZCore
import Foundation
import HTTPTypes
import Identity
import Licensing
@testable import API
@testable import HTTPSupport
@testable import WebConsole
import Storage
import Testing
import TestSupport
import TradeData

/// The leaks and costs found in review (issue 12): each test failed on the code before it.
@Suite("Hardening: idempotency, feeds before their bodies, confidentiality, uploads")
struct HardeningAPITests {
    static func basic(_ id: String, _ secret: String) -> String { "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString() }

    @Test(arguments: TestDatabase.kinds)
    func theTokenEndpointNeverReplaysAnotherCallersToken(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let created = try await app.request(.post, "/v1/clients", token: app.adminToken,
                                                json: ["organisationId": app.investorOrganisation.id.lowercasedString, "name": "ERP",
                                                       "roles": ["investor"], "scopes": []])
            try #require(created.status == .created, "\(created.text)")
            let clientID = try #require((created.json["client"] as? [String: Any])?["clientId"] as? String)
            let secret = try #require(created.json["clientSecret"] as? String)
            #expect(created.headers[.cacheControl] == "no-store", "a secret is never cached")

            let issued = try await app.request(.post, "/v1/oauth/token", body: "grant_type=client_credentials",
                                               headers: ["Authorization": Self.basic(clientID, secret), "Idempotency-Key": "shared-key",
                                                         "Content-Type": "application/x-www-form-urlencoded"])
            #expect(issued.status == .ok && issued.json["access_token"] is String, "\(issued.text)")
            #expect(issued.headers[.cacheControl] == "no-store")
            // Anyone behind the same proxy, with no credentials, sending the same key and body.
            let stranger = try await app.request(.post, "/v1/oauth/token", body: "grant_type=client_credentials",
                                                 headers: ["Idempotency-Key": "shared-key", "Content-Type": "application/x-www-form-urlencoded"])
            #expect(stranger.status == .unauthorized, "\(stranger.status) \(stranger.text)")
            #expect(stranger.json["access_token"] == nil)
            #expect(stranger.headers[.init("Idempotent-Replayed")!] == nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func idempotencyKeysBelongToTheirCaller(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let body: [String: Any] = ["procedureCode": "CONSTRUCTION-PERMIT", "form": LicensingAPITests.form]
            let mine = try await app.request(.post, "/v1/dossiers", token: app.investorToken, json: body, headers: ["Idempotency-Key": "k-1"])
            let theirs = try await app.request(.post, "/v1/dossiers", token: app.otherInvestorToken, json: body, headers: ["Idempotency-Key": "k-1"])
            #expect(mine.status == .created && theirs.status == .created)
            #expect(theirs.headers[.init("Idempotent-Replayed")!] == nil, "another caller's key is not this caller's")
            #expect(mine.json["id"] as? String != theirs.json["id"] as? String)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func replaysCarryTheCreatedResourceWithoutItsSecret(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let body: [String: Any] = ["organisationId": app.investorOrganisation.id.lowercasedString, "name": "ERP", "roles": ["investor"], "scopes": []]
            let first = try await app.request(.post, "/v1/clients", token: app.adminToken, json: body, headers: ["Idempotency-Key": "c-1"])
            #expect(first.status == .created && first.json["clientSecret"] is String)
            let replay = try await app.request(.post, "/v1/clients", token: app.adminToken, json: body, headers: ["Idempotency-Key": "c-1"])
            #expect(replay.status == .created)
            #expect(replay.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(replay.json["clientSecret"] == nil, "the secret is shown once: \(replay.text)")
            let firstClient = first.json["client"] as? [String: Any]
            let replayedClient = replay.json["client"] as? [String: Any]
            #expect(replayedClient?["id"] as? String == firstClient?["id"] as? String)
            let stored = try await app.services.database.read {
                try await $0.raw("SELECT body FROM idempotency_keys WHERE idempotency_key = 'c-1'").first()?.decode(column: "body", as: Data.self)
            }
            let secret = try #require(first.json["clientSecret"] as? String)
            #expect(!String(decoding: stored ?? Data(), as: UTF8.self).contains(secret), "no secret at rest")

            let hook = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["url": "https://erp.example.test/h"],
                                             headers: ["Idempotency-Key": "w-1"])
            let hookReplay = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["url": "https://erp.example.test/h"],
                                                   headers: ["Idempotency-Key": "w-1"])
            #expect(hook.json["secret"] is String && hookReplay.json["secret"] == nil)
            #expect(hookReplay.json["id"] as? String == hook.json["id"] as? String)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anotherBatchUnderAReusedKeyIsRefusedNotDropped(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            let first = [TradeAPITests.event("ev-1", "GTIN", "MSKU1234565", "2026-03-02T08:00:00+07:00", facility: "HICT")]
            let second = [TradeAPITests.event("ev-2", "LOAD", "MSKU1234565", "2026-03-02T09:00:00+07:00", facility: "HICT")]
            let accepted = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": first],
                                                 headers: ["Idempotency-Key": "batch-7"])
            #expect(accepted.status == .ok, "\(accepted.text)")
            let reused = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": second],
                                               headers: ["Idempotency-Key": "batch-7"])
            #expect(reused.status == .unprocessableContent, "\(reused.status) \(reused.text)")
            #expect(reused.problemPointers == ["header:Idempotency-Key"])
            let repeated = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": first],
                                                 headers: ["Idempotency-Key": "batch-7"])
            #expect(repeated.headers[.init("Idempotent-Replayed")!] == "true")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func feedCallersAreJudgedBeforeTheirBodyIsRead(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.http.maximumFeedBytes = 1_000 }) { app in
            let big = ["records": (0..<20).map { TradeAPITests.event("e-\($0)", "GTIN", "MSKU1234565", "2026-03-02T08:00:00+07:00",
                                                                    facility: "HICT") }]
            // Over the limit, and from nobody: the answer is about who, not about size.
            let anonymous = try await app.request(.post, "/v1/feeds/events", json: big)
            #expect(anonymous.status == .unauthorized && anonymous.isProblem, "\(anonymous.status)")
            let investor = try await app.request(.post, "/v1/feeds/events", token: app.investorToken, json: big)
            #expect(investor.status == .forbidden && investor.isProblem, "\(investor.status)")
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            let declarations = try await app.request(.post, "/v1/feeds/declarations", token: terminal, json: big)
            #expect(declarations.status == .forbidden, "a terminal does not file customs declarations")
            let allowed = try await app.request(.post, "/v1/feeds/events", token: terminal, json: big)
            #expect(allowed.status == .contentTooLarge)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aBatchOverTheRecordLimitStopsWhileRead(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            let record = #"{"eventID":"x"}"#
            let body = #"{"records":["# + Array(repeating: record, count: TradeService.maximumBatch + 1).joined(separator: ",") + "]}"
            let refused = try await app.request(.post, "/v1/feeds/events", token: terminal, body: body,
                                                headers: ["Content-Type": "application/json"])
            #expect(refused.status == .unprocessableContent && refused.problemPointers == ["/records"], "\(refused.text.prefix(300))")
        }
    }
}

@Suite("Hardening: what an applicant may see of the authority's work")
struct ConfidentialityAPITests {
    /// A permit dossier carried into consultation and answered by both departments with opinions and texts.
    static func consulted(_ app: ServerFixture) async throws -> String {
        var (location, etag) = try await LicensingAPITests.draft(app)
        var response = try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken)
        for action in ["start_check", "accept", "consult"] {
            etag = try #require(response.headers[.eTag])
            response = try await LicensingAPITests.act(app, location, etag, action, token: app.officerToken)
            try #require(response.status == .ok, "\(action): \(response.text)")
        }
        for code in ["DOC", "POLICE"] {
            let queue = try await app.request(.get, "/v1/consultations?pending=true", token: app.departmentTokens[code])
            let id = try #require((queue.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let answered = try await app.request(.post, "/v1/consultations/\(id)/answer", token: app.departmentTokens[code],
                                                 json: ["opinion": "disagree", "text": "Khoảng cách phòng cháy chưa đạt"])
            try #require(answered.status == .ok, "\(answered.text)")
        }
        return location
    }

    @Test(arguments: TestDatabase.kinds)
    func applicantsSeeWhoWasConsultedNotWhatTheySaid(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let location = try await Self.consulted(app)
            let investor = try await app.request(.get, "\(location)/consultations", token: app.investorToken)
            #expect(investor.status == .ok)
            let items = investor.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 2)
            for item in items {
                #expect(item["department"] is String && item["dueOn"] is String && item["status"] as? String == "answered")
                #expect(item["opinion"] == nil, "opinion leaked: \(item)")
                #expect(item["answer"] == nil, "answer leaked: \(item)")
            }
            #expect(!investor.text.contains("phòng cháy"))
            let staff = try await app.request(.get, "\(location)/consultations", token: app.approverToken)
            let staffItems = staff.json["items"] as? [[String: Any]] ?? []
            #expect(staffItems.allSatisfy { $0["opinion"] as? String == "disagree" && $0["answer"] is String })
            let department = try await app.request(.get, "\(location)/consultations", token: app.departmentTokens["DOC"])
            #expect(department.text.contains("disagree"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anApplicantsLedgerHoldsOnlyEntriesMeantForItNamingTheAuthority(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let location = try await Self.consulted(app)
            let dossierID = String(location.split(separator: "/").last!)
            let all = try await app.request(.get, "/v1/ledger/entries?limit=500", token: app.adminToken)
            let every = all.json["items"] as? [[String: Any]] ?? []
            let opinions = every.filter { $0["action"] as? String == "licensing.consultation.answered" }
            #expect(opinions.count == 2 && opinions.allSatisfy { $0["visibility"] as? String == "internal" })
            #expect(opinions.allSatisfy { ($0["canonical"] as? String)?.contains("disagree") == true }, "auditors read the whole entry")

            let mine = try await app.request(.get, "/v1/ledger/entries?limit=500", token: app.investorToken)
            let entries = mine.json["items"] as? [[String: Any]] ?? []
            #expect(!entries.isEmpty)
            #expect(!entries.contains { $0["action"] as? String == "licensing.consultation.answered" })
            #expect(!mine.text.contains("disagree"), "no opinion in the applicant's ledger")
            let accepted = try #require(entries.first { $0["action"] as? String == "licensing.dossier.accept" && $0["subjectId"] as? String == dossierID })
            let canonical = try #require(accepted["canonical"] as? String)
            #expect(canonical.contains(#""ref":"authority""#) && accepted["redacted"] as? Bool == true)
            let officials = every.compactMap { ($0["canonical"] as? String) }.filter { $0.contains("licensing.dossier.accept") }
            let officialRef = officials.first.flatMap { text in text.range(of: #""ref":"user:[0-9a-f-]+""#, options: .regularExpression).map { String(text[$0]) } }
            #expect(officialRef != nil && !mine.text.contains(officialRef!), "the official is not named to the applicant")
            let submitted = try #require(entries.first { $0["action"] as? String == "licensing.dossier.submit" })
            #expect(submitted["redacted"] as? Bool == false, "the applicant's own steps are the hashed bytes")

            // The hidden entry is not there for the applicant, but its place in the tree is.
            let hiddenIndex = try #require(opinions.first?["index"] as? Int)
            #expect(try await app.request(.get, "/v1/ledger/entries/\(hiddenIndex)", token: app.investorToken).status == .notFound)
            let size = every.count
            let proof = try await app.request(.get, "/v1/ledger/proof/inclusion?index=\(hiddenIndex)&treeSize=\(size)")
            #expect(proof.status == .ok && proof.json["leafHash"] as? String == opinions.first?["leafHash"] as? String)
        }
    }
}

@Suite("Hardening: uploads are judged before they are stored")
struct UploadHardeningTests {
    /// Stored document bytes: files under the data directory on SQLite, rows on PostgreSQL.
    static func storedBlobs(_ app: ServerFixture, _ kind: DatabaseKind, documents: URL) async throws -> Int {
        switch kind {
        case .sqlite:
            return (FileManager.default.enumerator(atPath: documents.path)?.allObjects as? [String] ?? [])
                .filter { URL(fileURLWithPath: $0).lastPathComponent.count == 64 }.count
        case .postgres:
            return try await app.services.database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM document_blobs").first()!.decode(column: "n", as: Int.self)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRefusedUploadLeavesNothingBehind(kind: DatabaseKind) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("ftz-upload-\(UUID())")
        try await ServerFixture.with(kind, configure: { $0.dataDirectory = data.path }) { app in
            let documents = data.appendingPathComponent("documents")
            let (location, etag) = try await LicensingAPITests.draft(app)
            let before = try await Self.storedBlobs(app, kind, documents: documents)
            #expect(before == 1, "the five drafts' documents share one PDF's bytes")
            _ = try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken)
            let late = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=late.pdf", token: app.investorToken,
                                             bytes: LicensingAPITests.pdf + Data("% other bytes\n".utf8))
            #expect(late.status == .conflict && late.isProblem)
            #expect(try await Self.storedBlobs(app, kind, documents: documents) == before, "a 409 stores no bytes")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anOrganisationsDocumentsHaveAQuota(kind: DatabaseKind) async throws {
        let pdf = LicensingAPITests.pdf
        try await ServerFixture.with(kind, configure: { $0.organisationDocumentQuotaBytes = Int64(pdf.count * 2) }) { app in
            let created = try await app.request(.post, "/v1/dossiers", token: app.investorToken,
                                                json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": LicensingAPITests.form])
            let location = try #require(created.headers[.location])
            for name in ["a", "b"] {
                let stored = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=\(name).pdf",
                                                   token: app.investorToken, bytes: pdf)
                #expect(stored.status == .created)
            }
            let over = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=c.pdf", token: app.investorToken,
                                             bytes: pdf)
            #expect(over.status == .contentTooLarge && over.isProblem)
            #expect((over.json["type"] as? String)?.hasSuffix("document-quota-exceeded") == true, "\(over.text)")
            let other = try await app.request(.post, "/v1/dossiers", token: app.otherInvestorToken,
                                              json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": LicensingAPITests.form])
            let otherLocation = try #require(other.headers[.location])
            #expect(try await app.request(.post, "\(otherLocation)/documents?type=design-drawings&filename=a.pdf", token: app.otherInvestorToken,
                                          bytes: pdf).status == .created, "the quota is each organisation's own")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func downloadsAreNotSniffedAndKeepTheirName(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let created = try await app.request(.post, "/v1/dossiers", token: app.investorToken,
                                                json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": LicensingAPITests.form])
            let location = try #require(created.headers[.location])
            let name = "Bản vẽ \"tổng\".pdf".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let stored = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=\(name)", token: app.investorToken,
                                               bytes: LicensingAPITests.pdf)
            #expect(stored.status == .badRequest, "a quote in a file name is refused: \(stored.text)")
            let plain = "Bản vẽ tổng.pdf".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let document = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=\(plain)", token: app.investorToken,
                                                 bytes: LicensingAPITests.pdf)
            let id = try #require(document.json["id"] as? String)
            let content = try await app.request(.get, "\(location)/documents/\(id)/content", token: app.investorToken)
            #expect(content.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(content.headers[.contentDisposition] == "attachment; filename=\"B_n v_ t_ng.pdf\"; filename*=UTF-8''B%E1%BA%A3n%20v%E1%BA%BD%20t%E1%BB%95ng.pdf")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func orphanBytesAreSweptAndReferencedOnesKept(kind: DatabaseKind) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("ftz-sweep-\(UUID())")
        try await ServerFixture.with(kind, configure: { $0.dataDirectory = data.path }) { app in
            let documents = data.appendingPathComponent("documents")
            _ = try await LicensingAPITests.draft(app)
            // Bytes staged by an upload whose transaction never committed.
            let store: any DocumentStore = kind == .postgres ? DatabaseDocumentStore(database: app.services.database)
                                                             : FileSystemDocumentStore(root: documents)
            let orphan = Data("%PDF-1.7\n% never recorded\n%%EOF\n".utf8)
            let long = Date().addingTimeInterval(-2 * 3600)
            try await app.services.database.transaction { tx in
                try await store.put(orphan, digest: FileSystemDocumentStore.digest(orphan), at: long, in: tx)
            }
            #expect(try await Self.storedBlobs(app, kind, documents: documents) == 2)
            let removed = try await app.services.licensing.sweepOrphanDocuments()
            #expect(removed == 1)
            #expect(try await Self.storedBlobs(app, kind, documents: documents) == 1)
            #expect(try await store.get(FileSystemDocumentStore.digest(orphan)) == nil)
            #expect(try await store.get(FileSystemDocumentStore.digest(LicensingAPITests.pdf)) != nil, "referenced bytes stay")
        }
    }
}
