import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("HTTP behaviour: languages, ids, idempotency, receipts, operations")
struct ServiceBehaviourTests {
    @Test(arguments: TestDatabase.kinds)
    func problemsSpeakTheCallersLanguage(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let japanese = try await app.request(.get, "/v1/me", headers: ["Accept-Language": "ja-JP, en;q=0.5"])
            #expect(japanese.headers[.contentLanguage] == "ja")
            #expect(japanese.headers[.vary]?.contains("Accept-Language") == true)
            let vietnamese = try await app.request(.get, "/v1/me")
            #expect(vietnamese.headers[.contentLanguage] == "vi")
            let english = try await app.request(.get, "/v1/me?lang=en", headers: ["Accept-Language": "ko"])
            #expect(english.headers[.contentLanguage] == "en")
            let titles = Set([japanese, vietnamese, english].compactMap { $0.json["title"] as? String })
            #expect(titles.count == 3, "each language has its own title: \(titles)")
            #expect(english.json["title"] as? String == "Authentication required")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func requestIDsAreEchoedOrGenerated(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let echoed = try await app.request(.get, "/healthz", headers: ["X-Request-Id": "trace-abc.123"])
            #expect(echoed.headers[.init("X-Request-Id")!] == "trace-abc.123")
            let generated = try await app.request(.get, "/healthz", headers: ["X-Request-Id": "bad id with spaces"])
            let id = try #require(generated.headers[.init("X-Request-Id")!])
            #expect(id != "bad id with spaces" && UUID(uuidString: id) != nil)
            let problem = try await app.request(.get, "/v1/me", headers: ["X-Request-Id": "trace-xyz"])
            #expect(problem.json["requestId"] as? String == "trace-xyz")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func meDescribesTheCaller(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let me = try await app.request(.get, "/v1/me", token: app.investorToken)
            #expect(me.status == .ok)
            #expect(me.json["kind"] as? String == "user" && me.json["roles"] as? [String] == ["investor"])
            #expect((me.json["organisation"] as? [String: Any])?["name"] as? String == "Công ty Sao Biển")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func createsCarryALedgerReceiptAndHonourIdempotencyKeys(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let body: [String: Any] = ["kind": "department", "name": "Sở Tài chính", "country": "VN"]
            let first = try await app.request(.post, "/v1/organisations", token: app.adminToken, json: body,
                                              headers: ["Idempotency-Key": "create-finance-1"])
            #expect(first.status == .created)
            let receipt = try #require(first.headers[.init("Ledger-Receipt")!])
            #expect(receipt.hasPrefix("index=") && receipt.contains("; leaf-hash="))

            let replay = try await app.request(.post, "/v1/organisations", token: app.adminToken, json: body,
                                               headers: ["Idempotency-Key": "create-finance-1"])
            #expect(replay.status == .created && replay.json["id"] as? String == first.json["id"] as? String, "\(replay.status) \(replay.text)")
            #expect(replay.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(replay.headers[.init("Ledger-Receipt")!] == receipt)

            let reused = try await app.request(.post, "/v1/organisations", token: app.adminToken,
                                               json: ["kind": "department", "name": "Other", "country": "VN"],
                                               headers: ["Idempotency-Key": "create-finance-1"])
            #expect(reused.status == .unprocessableContent && reused.problemPointers == ["header:Idempotency-Key"])

            let list = try await app.request(.get, "/v1/organisations?kind=department&limit=500", token: app.adminToken)
            let named = (list.json["items"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "Sở Tài chính" }
            #expect(named.count == 1, "the replay created nothing")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func clientCredentialsGrant(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let customs = try await app.request(.post, "/v1/organisations", token: app.adminToken,
                                                json: ["kind": "customs", "name": "Hải quan", "country": "VN"])
            let created = try await app.request(.post, "/v1/clients", token: app.adminToken, json: [
                "organisationId": customs.json["id"] as! String, "name": "VNACCS feed", "roles": ["data_feed"], "scopes": ["feeds:write"],
            ])
            #expect(created.status == .created)
            let clientID = try #require((created.json["client"] as? [String: Any])?["clientId"] as? String)
            let secret = try #require(created.json["clientSecret"] as? String)

            let form = try await app.request(.post, "/v1/oauth/token",
                                             body: "grant_type=client_credentials&client_id=\(clientID)&client_secret=\(secret)",
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(form.status == .ok && form.json["token_type"] as? String == "Bearer" && form.json["scope"] as? String == "feeds:write")

            let basic = Data("\(clientID):\(secret)".utf8).base64EncodedString()
            let viaBasic = try await app.request(.post, "/v1/oauth/token", body: "grant_type=client_credentials&scope=feeds:write",
                                                 headers: ["Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic \(basic)"])
            #expect(viaBasic.status == .ok)
            let token = try #require(viaBasic.json["access_token"] as? String)
            let me = try await app.request(.get, "/v1/me", token: token)
            #expect(me.json["kind"] as? String == "client" && me.json["scopes"] as? [String] == ["feeds:write"])

            let wrongScope = try await app.request(.post, "/v1/oauth/token", body: "grant_type=client_credentials&scope=exchange:query",
                                                   headers: ["Content-Type": "application/x-www-form-urlencoded",
                                                             "Authorization": "Basic \(basic)"])
            #expect(wrongScope.status == .badRequest && wrongScope.json["error"] as? String == "invalid_scope")
            let wrongGrant = try await app.request(.post, "/v1/oauth/token", body: "grant_type=password",
                                                   headers: ["Content-Type": "application/x-www-form-urlencoded",
                                                             "Authorization": "Basic \(basic)"])
            #expect(wrongGrant.status == .badRequest && wrongGrant.json["error"] as? String == "unsupported_grant_type")
            let wrongSecret = try await app.request(.post, "/v1/oauth/token",
                                                    body: "grant_type=client_credentials&client_id=\(clientID)&client_secret=nope",
                                                    headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(wrongSecret.status == .unauthorized && wrongSecret.json["error"] as? String == "invalid_client")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func operationsEndpoints(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            #expect(try await app.request(.get, "/healthz").json["status"] as? String == "ok")
            let ready = try await app.request(.get, "/readyz")
            #expect(ready.status == .ok && ready.json["database"] as? String == kind.rawValue)
            _ = try await app.request(.get, "/v1/me", token: app.adminToken)
            let metrics = try await app.request(.get, "/metrics")
            #expect(metrics.text.contains("http_requests_total{method=\"GET\",route=\"/v1/me\",status=\"200\"}"))
            #expect(metrics.text.contains("http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("db_pool_connections_capacity"))
            let spec = try await app.request(.get, "/v1/openapi.yaml")
            #expect(spec.status == .ok && spec.text.hasPrefix("openapi: 3.1.0"))
        }
    }
}
