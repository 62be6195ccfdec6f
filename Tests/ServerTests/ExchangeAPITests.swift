import Crypto
import FTZCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Ledger
import Storage
import Testing
import TestSupport

extension ServerFixture {
    /// A machine client of the department registered under `code`, with the exchange role,
    /// registered as a subsystem through the API; its token and identifier.
    func exchangeClient(department code: String, subsystem: String) async throws -> (token: String, identifier: String) {
        let system = Actor.system("test")
        let department = try #require(try await services.directory.organisation(code: code))
        let client = try await services.clients.insertClient(.init(organisationID: department.id, name: "\(code) system", roles: ["exchange_client"],
                                                                    scopes: []), by: system)
        let registered = try await request(.post, "/v1/exchange/subsystems", token: adminToken,
                                           json: ["clientId": client.client.id.lowercasedString, "code": subsystem, "name": "\(code) system"])
        #expect(registered.status == .created)
        let token = try await services.authentication.clientCredentials(clientID: client.client.clientID, clientSecret: client.clientSecret,
                                                                        requestedScopes: nil).accessToken
        return (token, try #require(registered.json["identifier"] as? String))
    }

    /// The administrator grants the one registered subsystem `service` for a day.
    func grantTheSubsystem(_ service: String, fields: [String], purposes: [String]) async throws -> TestResponse {
        let subsystems = try await request(.get, "/v1/exchange/subsystems", token: adminToken)
        let subsystemID = try #require((subsystems.json["items"] as? [[String: Any]])?.first?["id"] as? String)
        return try await request(.post, "/v1/exchange/grants", token: adminToken, json: [
            "subsystemId": subsystemID, "service": service, "fields": fields, "purposes": purposes,
            "expiresAt": RFC3339.format(Date().addingTimeInterval(86_400)),
        ])
    }
}

@Suite("Data exchange between agencies")
struct ExchangeAPITests {
    static let enterprise = "0201234569"

    func query(_ app: ServerFixture, _ token: String, service: String = "enterprise-register", subject: String = enterprise,
               purpose: String? = "tax-assessment") async throws -> TestResponse {
        var headers = ["Exchange-Official": "officer-4711"]
        if let purpose { headers["Exchange-Purpose"] = purpose }
        return try await app.request(.get, "/v1/exchange/services/\(service)?subject=\(subject)", token: token, headers: headers)
    }

    @Test(arguments: TestDatabase.kinds)
    func grantsDecideWhatAnAgencyReceivesAndEveryQueryIsEvidence(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (tax, identifier) = try await app.exchangeClient(department: "TAX", subsystem: "TAX-AUDIT")
            #expect(identifier == "HPFTZ/GOV/TAX/TAX-AUDIT")

            let ungranted = try await query(app, tax)
            #expect(ungranted.status == .forbidden && ungranted.isProblem)

            let subsystems = try await app.request(.get, "/v1/exchange/subsystems", token: app.adminToken)
            let subsystemID = try #require((subsystems.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let grant = try await app.request(.post, "/v1/exchange/grants", token: app.adminToken, json: [
                "subsystemId": subsystemID, "service": "enterprise-register", "fields": ["name", "taxCode", "licensed"],
                "purposes": ["tax-assessment"], "expiresAt": RFC3339.format(Date().addingTimeInterval(86_400)),
            ])
            #expect(grant.status == .created && grant.json["active"] as? Bool == true)
            let badGrant = try await app.request(.post, "/v1/exchange/grants", token: app.adminToken, json: [
                "subsystemId": subsystemID, "service": "enterprise-register", "fields": ["name", "password"], "purposes": ["curiosity"],
                "expiresAt": "2020-01-01T00:00:00Z",
            ])
            #expect(badGrant.status == .unprocessableContent && Set(badGrant.problemPointers) == ["/fields/1", "/purposes/0", "/expiresAt"])
            #expect(try await app.request(.post, "/v1/exchange/grants", token: app.officerToken, json: [
                "subsystemId": subsystemID, "service": "enterprise-register", "fields": ["name"], "purposes": ["statistics"],
                "expiresAt": RFC3339.format(Date().addingTimeInterval(60)),
            ]).status == .forbidden)

            let allowed = try await app.request(.get, "/v1/exchange/allowed", token: tax)
            // Without credentials the answer is "authenticate" (401), with a person's token "not a subsystem" (403).
            #expect(try await app.request(.get, "/v1/exchange/allowed").status == .unauthorized)
            #expect(try await app.request(.get, "/v1/exchange/allowed", token: app.officerToken).status == .forbidden)
            #expect((allowed.json["grants"] as? [Any])?.count == 1 && allowed.json["client"] as? String == identifier)

            let answer = try await query(app, tax)
            #expect(answer.status == .ok)
            let record = try #require((answer.json["records"] as? [[String: Any]])?.first)
            #expect(Set(record.keys) == ["name", "taxCode", "licensed"] && record["taxCode"] as? String == Self.enterprise)
            #expect(answer.headers[HTTPField.Name("Ledger-Receipt")!] != nil)

            // The signature verifies against the published key, over the canonical body.
            let keys = try await app.request(.get, "/v1/exchange/keys")
            let verifier = try NoteVerifierKey(parsing: try #require((keys.json["keys"] as? [String])?.first))
            let body = try JSONValue(parsing: Array(answer.text.utf8))
            let digest = "sha-256=:\(Data(SHA256.hash(data: body.canonicalBytes)).base64EncodedString()):"
            #expect(answer.headers[HTTPField.Name("Exchange-Content-Digest")!] == digest)
            let signatureHeader = try #require(answer.headers[HTTPField.Name("Exchange-Signature")!])
            // keyid="…", sig=:BASE64:
            let signature = try #require(signatureHeader.components(separatedBy: "sig=:").last.map { String($0.dropLast()) }
                .flatMap { Data(base64Encoded: $0) })
            #expect(signatureHeader.hasPrefix("keyid=\"\(verifier.serialized)\""))
            let queryID = try #require(answer.headers[HTTPField.Name("Exchange-Query-Id")!])
            #expect(verifier.publicKey.isValidSignature(signature, for: Data("ftz-exchange-answer/v1\n\(queryID)\n\(digest)".utf8)))
            #expect(!verifier.publicKey.isValidSignature(signature, for: Data("ftz-exchange-answer/v1\n\(queryID)\nsha-256=:forged:".utf8)))

            let wrongPurpose = try await query(app, tax, purpose: "customs-control")
            #expect(wrongPurpose.status == .forbidden && (wrongPurpose.json["type"] as? String)?.contains("purpose") == true)
            let noPurpose = try await query(app, tax, purpose: nil)
            #expect(noPurpose.status == .badRequest || noPurpose.status == .unprocessableContent)
            #expect(noPurpose.problemPointers.contains { $0.contains("Exchange-Purpose") })
            #expect(try await query(app, tax, subject: "0100109106").status == .notFound)
            #expect(try await query(app, app.officerToken).status == .forbidden, "people do not query; their systems do")

            // The enterprise sees who asked, when and why — not the official's id.
            let tracker = try await app.request(.get, "/v1/exchange/tracker", token: app.investorToken, headers: ["Accept-Language": "en"])
            let entries = try #require(tracker.json["items"] as? [[String: Any]])
            // The query without a purpose was refused before the journal: only well-formed
            // queries of registered systems are evidence, so nobody writes its own text here.
            #expect(entries.count == 3)
            #expect(entries.allSatisfy { $0["agency"] as? String == "TAX" && $0["official"] == nil })
            #expect(entries.map { $0["outcome"] as? String } == ["denied", "allowed", "denied"])
            #expect(entries[1]["purposeName"] as? String == "Tax administration and assessment")
            let other = try await app.request(.get, "/v1/exchange/tracker", token: app.otherInvestorToken)
            #expect((other.json["items"] as? [Any])?.isEmpty == true)
            let audit = try await app.request(.get, "/v1/exchange/tracker", token: app.adminToken)
            #expect((audit.json["items"] as? [[String: Any]])?.contains { $0["official"] as? String == "officer-4711" } == true)

            let grantID = try #require(grant.json["id"] as? String)
            #expect(try await app.request(.post, "/v1/exchange/grants/\(grantID)/revoke", token: app.adminToken).status == .ok)
            #expect(try await app.request(.post, "/v1/exchange/grants/\(grantID)/revoke", token: app.adminToken).status == .conflict)
            #expect(try await query(app, tax).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func concurrentQueriesAreJournalledTogetherAndEachOnce(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (customs, _) = try await app.exchangeClient(department: "CUSTOMS", subsystem: "VNACCS-LINK")
            _ = try await app.grantTheSubsystem("customs-aggregates", fields: ["declarations", "byChannel"], purposes: ["customs-control"])
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await query(app, customs, service: "customs-aggregates", purpose: "customs-control").status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok })
            struct Row: Decodable { let n: Int }
            let counts = try await app.services.database.read { sql in
                (try await sql.raw("SELECT COUNT(*) AS n FROM ledger_entries WHERE action = 'exchange.query.allowed'").first(decoding: Row.self)?.n,
                 try await sql.raw("SELECT COUNT(DISTINCT ledger_index) AS n FROM exchange_queries WHERE outcome = 'allowed'").first(decoding: Row.self)?.n)
            }
            #expect(counts.0 == 40 && counts.1 == 40)
            // Group-committed entries still make one valid log.
            try await app.services.checkpoints.checkpointNow()
            let report = try await LedgerVerifier(database: app.services.database, origin: "hpftz.gov.vn/ledger",
                                                  trustedKeys: app.services.checkpoints.currentVerifierKeys).verify()
            #expect(report.entries > 40)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func eachClientHasItsShareOfRequests(kind: DatabaseKind) async throws {
        // One request a minute (a burst of one): the second is refused however slowly this machine runs.
        try await ServerFixture.with(kind, configure: { $0.exchangeRequestsPerSecond = 1.0 / 60 }) { app in
            let (tax, _) = try await app.exchangeClient(department: "TAX", subsystem: "TAX-AUDIT")
            _ = try await query(app, tax)
            let limited = try await query(app, tax)
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil && limited.isProblem)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDepartmentsSystemSeesItsConsultationsThroughTheRegistry(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (construction, _) = try await app.exchangeClient(department: "DOC", subsystem: "PERMITS")
            let queue = try await app.request(.get, "/v1/consultations?pending=true", token: construction)
            #expect(queue.status == .ok && queue.json["items"] is [Any])
        }
    }
}
