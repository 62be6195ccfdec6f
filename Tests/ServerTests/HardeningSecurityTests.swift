import App
import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Ledger
import Logging
@testable import Notifications
import NIOCore
import NIOPosix
@testable import API
@testable import HTTPSupport
@testable import WebConsole
import Storage
import Synchronization
import Testing
import TestSupport
import TradeData

@Suite("Hardening: who may act, how often, and what leaves the server")
struct HardeningSecurityTests {
    @Test(arguments: TestDatabase.kinds)
    func officersClaimFreeDossiersAndOnlyApproversReassign(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let system = Actor.system("test")
            let zone = try #require(try await app.services.authentication.authenticate(bearer: app.officerToken).organisationID)
            let second = try await app.services.accounts.insertUser(.init(organisationID: zone, username: "officer2", displayName: "Officer 2",
                                                                          password: ServerFixture.password, roles: ["eza_officer"]), by: system)
            let secondToken = try await app.services.authentication.login(username: "officer2", password: ServerFixture.password,
                                                                          clientAddress: nil).accessToken
            let (location, draftTag) = try await LicensingAPITests.draft(app)
            let submitted = try await LicensingAPITests.act(app, location, draftTag, "submit", token: app.investorToken)
            // The first officer's first step claims the unassigned dossier.
            let checking = try await LicensingAPITests.act(app, location, try #require(submitted.headers[.eTag]), "start_check", token: app.officerToken)
            #expect(checking.status == .ok)
            let officerID = try await app.services.authentication.authenticate(bearer: app.officerToken).userID!.lowercasedString
            #expect(checking.json["assigneeId"] as? String == officerID, "\(checking.text)")
            var etag = try #require(checking.headers[.eTag])
            // Another officer can neither act on it nor take it.
            let act = try await LicensingAPITests.act(app, location, etag, "accept", token: secondToken)
            #expect(act.status == .forbidden && act.isProblem, "\(act.status)")
            let grab = try await app.request(.put, "\(location)/assignee", token: secondToken,
                                             json: ["assigneeId": second.id.lowercasedString], headers: ["If-Match": etag])
            #expect(grab.status == .forbidden && grab.isProblem, "\(grab.status) \(grab.text)")
            // An approver reassigns; then the second officer may act.
            let reassigned = try await app.request(.put, "\(location)/assignee", token: app.approverToken,
                                                   json: ["assigneeId": second.id.lowercasedString], headers: ["If-Match": etag])
            #expect(reassigned.status == .ok, "\(reassigned.text)")
            etag = try #require(reassigned.headers[.eTag])
            #expect(try await LicensingAPITests.act(app, location, etag, "accept", token: secondToken).status == .ok)
            let documents = try await app.request(.get, "\(location)/documents", token: app.officerToken)
            let documentID = try #require((documents.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await app.request(.get, "\(location)/documents/\(documentID)/content", token: app.officerToken).status == .notFound,
                    "the former assignee no longer opens the files")
        }
    }

    /// The README promises an applicant never learns which official holds its dossier; the
    /// review found `assigneeId` in the investor's dossier, list and history.
    @Test(arguments: TestDatabase.kinds)
    func theApplicantIsNeverToldWhichOfficialHoldsItsDossier(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (location, draftTag) = try await LicensingAPITests.draft(app)
            let submitted = try await LicensingAPITests.act(app, location, draftTag, "submit", token: app.investorToken)
            let checking = try await LicensingAPITests.act(app, location, try #require(submitted.headers[.eTag]), "start_check", token: app.officerToken)
            #expect(checking.json["assigneeId"] is String, "staff see who holds it")
            let dossier = try await app.request(.get, location, token: app.investorToken)
            let history = try await app.request(.get, "\(location)/history", token: app.investorToken)
            let list = try await app.request(.get, "/v1/dossiers", token: app.investorToken)
            #expect(dossier.status == .ok && history.status == .ok && list.status == .ok)
            for body in [dossier.text, history.text, list.text] { #expect(!body.contains("assigneeId"), "\(body.prefix(300))") }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func parallelGuessesEachCountAndThoseBeyondTheLimitDoNoWork(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await app.request(.post, "/v1/auth/login", json: ["username": "investor", "password": "not the password"]).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Five guesses are checked (the fifth locks the name); the other seven meet the lock.
            #expect(statuses.filter { $0 == 401 }.count == 5, "\(statuses.sorted())")
            #expect(statuses.filter { $0 == 429 }.count == 7, "\(statuses.sorted())")
            let right = try await app.request(.post, "/v1/auth/login", json: ["username": "investor", "password": ServerFixture.password])
            #expect(right.status == .tooManyRequests && right.headers[.retryAfter] != nil)
        }
    }

    @Test func forwardedAddressesCountOnlyFromTrustedProxies() throws {
        let resolver = ClientAddressResolver(trustedProxies: [IPNetwork("10.0.0.0/8")!, IPNetwork("::1")!])
        var headers = HTTPFields()
        headers[.xForwardedFor] = "198.51.100.7, 203.0.113.9, 10.1.1.1"
        #expect(resolver.resolve(peer: "10.0.0.2", headers: headers) == "203.0.113.9", "the first untrusted hop from the right")
        #expect(resolver.resolve(peer: "192.0.2.44", headers: headers) == "192.0.2.44", "an untrusted peer's header is ignored")
        var forwarded = HTTPFields()
        forwarded[.forwarded] = #"for=192.0.2.60;proto=https, for="[2001:db8:cafe::17]:4711""#
        let rfc7239 = ClientAddressResolver(trustedProxies: resolver.trustedProxies, header: .forwarded)
        #expect(rfc7239.resolve(peer: "::1", headers: forwarded) == "2001:db8:cafe::17")
        // A client's own `Forwarded` passed on by a proxy that writes X-Forwarded-For changes
        // nothing (it once reset the client's login limit), nor does the reverse.
        var both = headers
        both[.forwarded] = "for=192.0.2.99"
        #expect(resolver.resolve(peer: "10.0.0.2", headers: both) == "203.0.113.9")
        var spoofed = forwarded
        spoofed[.xForwardedFor] = "192.0.2.99"
        #expect(rfc7239.resolve(peer: "::1", headers: spoofed) == "2001:db8:cafe::17")
        #expect(resolver.resolve(peer: "::1", headers: forwarded) == "::1", "a header the proxies do not write is not read")
        #expect(resolver.resolve(peer: "10.0.0.2", headers: HTTPFields()) == "10.0.0.2")
        var garbage = HTTPFields()
        garbage[.xForwardedFor] = "not-an-address"
        #expect(resolver.resolve(peer: "10.0.0.2", headers: garbage) == "10.0.0.2")
        // Per-address limits count an IPv6 customer network once.
        #expect(IPAddress("2001:db8:1:2:3:4:5:6")?.limitKey == IPAddress("2001:db8:1:2:ffff::1")?.limitKey)
        #expect(IPAddress("2001:db8:1:2::1")?.limitKey != IPAddress("2001:db8:1:3::1")?.limitKey)
        #expect(IPAddress("::ffff:198.51.100.7")?.limitKey == "198.51.100.7")
    }

    @Test func internalAndSpecialAddressesAreRecognised() {
        for special in ["127.0.0.1", "10.2.3.4", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "198.18.0.1", "198.19.255.255",
                         "192.0.0.8", "240.0.0.1", "255.255.255.255", "224.0.0.1", "0.0.0.0", "::", "::1", "fe80::1", "fc00::1", "fd12::1",
                         "fec0::1", "ff02::1", "64:ff9b::a00:1", "2002:a00:1::", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "::127.0.0.1"] {
            #expect(IPAddress(special)?.isInternalOrSpecial == true, "\(special)")
        }
        for external in ["8.8.8.8", "203.0.113.7", "198.20.0.1", "2001:4860:4860::8888", "100.128.0.1"] {
            #expect(IPAddress(external)?.isInternalOrSpecial == false, "\(external)")
        }
    }

    @Test func theConnectionAsksForTheNameThatWasPinned() {
        // The pin is kept under the lower-cased name; the client once looked up `Rebind.example`
        // as written, missed the pin and resolved the name again at connect time.
        #expect(HTTPWebhookTransport.withLowercasedHost("https://Rebind.Example:8443/Hook/A?Key=V#F") == "https://rebind.example:8443/Hook/A?Key=V#F")
        #expect(HTTPWebhookTransport.withLowercasedHost("https://User:Secret@ERP.Example/h") == "https://User:Secret@erp.example/h")
        #expect(HTTPWebhookTransport.withLowercasedHost("http://[2001:DB8::1]:9/x") == "http://[2001:db8::1]:9/x")
        #expect(HTTPWebhookTransport.withLowercasedHost("https://erp.example") == "https://erp.example")
    }

    @Test func aNameResolvingInsideIsRefusedAtEveryDelivery() async throws {
        // `localhost` is a name, as a rebinding attacker's would be: it resolves at delivery, to loopback.
        let transport = HTTPWebhookTransport()
        let result = await transport.post(url: "http://localhost:9/hook", headers: [], body: [], timeout: 1)
        #expect(result == .failure(WebhookTransportError(.addressRefused)))
        let literal = await transport.post(url: "http://[::ffff:10.0.0.1]:9/hook", headers: [], body: [], timeout: 1)
        #expect(literal == .failure(WebhookTransportError(.addressRefused)))
        // An allowed test host is delivered to, and a refused connection shows as a class, not a message.
        let allowed = HTTPWebhookTransport(allowedHosts: ["127.0.0.1"])
        let refused = await allowed.post(url: "http://127.0.0.1:9/hook", headers: [], body: [], timeout: 2)
        #expect(refused == .failure(WebhookTransportError(.refused)), "\(refused)")
    }

    @Test(arguments: TestDatabase.kinds)
    func plainHTTPAllowsTheSchemeNotTheInside(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in  // the fixture allows http://
            let inside = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["url": "http://127.0.0.1:8080/admin"])
            #expect(inside.status == .unprocessableContent && inside.problemPointers == ["/url"], "\(inside.status)")
            let outside = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["url": "http://erp.example.test/h"])
            #expect(outside.status == .created)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func metricsCanRequireAToken(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.http.metricsToken = "scrape-me" }) { app in
            #expect(try await app.request(.get, "/metrics").status == .unauthorized)
            #expect(try await app.request(.get, "/metrics", token: "guess").status == .unauthorized)
            let scraped = try await app.request(.get, "/metrics", token: "scrape-me")
            #expect(scraped.status == .ok && scraped.text.contains("http_requests_total"))
        }
    }

    @Test func keyFilesAreBornPrivate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("personal-data.key").path
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let key = try KeyFile.load32(inline: nil, file: nil, developmentFile: path, setting: "FTZ_TEST_KEY", purpose: "test key", logger: logger)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try KeyFile.load32(inline: nil, file: nil, developmentFile: path, setting: "FTZ_TEST_KEY", purpose: "test key", logger: logger) == key)
        #expect(throws: KeyFile.Malformed.self) {
            try KeyFile.load32(inline: "short", file: nil, developmentFile: path, setting: "FTZ_TEST_KEY", purpose: "test key", logger: logger)
        }
        let staged = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(staged.isEmpty, "no staging file left behind")
    }

    @Test func accessLinesAreJSONWhateverThePath() throws {
        let lines = Mutex<[UInt8]>([])
        let log = AccessLog { bytes in lines.withLock { $0 += bytes } }
        log.record(.init(requestID: "r-1", actor: "anonymous", method: "GET", path: "/v1/x\"y\\z\u{1}", route: "unmatched", status: 404,
                         seconds: 0.001234))
        log.flush()
        let text = lines.withLock { String(decoding: $0, as: UTF8.self) }
        #expect(text.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["path"] as? String == "/v1/x\"y\\z\u{1}")
        #expect(object["status"] as? Int == 404 && object["duration_ms"] as? String == "1.23" && object["msg"] as? String == "request")
        #expect(AccessLog.milliseconds(1.5) == "1500.00" && AccessLog.milliseconds(0.00001) == "0.01")
    }

    @Test(arguments: TestDatabase.kinds)
    func personalDataIsKeyedNotBareHashed(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let entries = try await app.request(.get, "/v1/ledger/entries?limit=500", token: app.adminToken)
            let created = try #require((entries.json["items"] as? [[String: Any]])?.first { $0["action"] as? String == "identity.user.created" })
            let canonical = try #require(created["canonical"] as? String)
            #expect(canonical.contains("personalDataHmac") && !canonical.contains("personalDataDigest"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func rejectedRecordsNameTheirBoxOrDeclaration(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            var broken = TradeAPITests.event("move-4711", "GTIN", "MSKU1234560", "2026-03-02T08:00:00+07:00", facility: "HICT")
            broken["eventDateTime"] = "yesterday"
            let report = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": [broken]])
            let record = try #require((report.json["records"] as? [[String: Any]])?.first)
            #expect(record["outcome"] as? String == "rejected")
            let identity = try #require(record["identity"] as? [String: Any], "\(report.text)")
            #expect(identity["eventId"] as? String == "move-4711" && identity["container"] as? String == "MSKU1234560")
            let customs = try await app.feedToken(.customs, name: "Customs")
            let declaration = try await app.request(.post, "/v1/feeds/declarations", token: customs,
                                                    json: ["records": [["number": "305123456789", "version": 1, "typeCode": "ZZZ"]]])
            let declared = try #require((declaration.json["records"] as? [[String: Any]])?.first)
            #expect((declared["identity"] as? [String: Any])?["declaration"] as? String == "305123456789", "\(declaration.text)")
        }
    }

    @Test func idleConnectionsAreClosed() async throws {
        try await ServerFixture.with(.sqlite, configure: { $0.http.idleTimeout = 0.5; $0.http.port = 0 }) { app in
            // The live server of the same configuration: a client that opens a connection and says nothing.
            let application = try ApplicationBuilder.application(services: app.services.capabilities, configuration: {
                var settings = HTTPSettings()
                settings.idleTimeout = 0.5
                settings.readTimeout = 1
                settings.port = 0
                return settings
            }(), background: [], logger: TestDatabase.logger)
            try await application.test(.live) { client in
                let port = try #require(client.port)
                let silent = try await Self.secondsUntilClosed(port: port, send: [])
                #expect(silent < 3, "a silent connection is closed after the idle timeout: \(silent) s")
                // A head trickling in never completes: the idle timeout ends it too.
                let trickle = try await Self.secondsUntilClosed(port: port, send: Array("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8))
                #expect(trickle < 3, "\(trickle) s")
                // A body trickling a byte at a time renews idleness, but not the read deadline.
                let body = try await Self.secondsUntilClosed(port: port, send: Array(
                    "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{".utf8),
                    drip: Array(#""username":"a","password":"b","x":""#.utf8))
                #expect(body < 4, "\(body) s")
            }
        }
    }

    /// Connects, sends `send`, then a byte of `drip` every 0.3 s, and returns when the server closes.
    static func secondsUntilClosed(port: Int, send: [UInt8], drip: [UInt8] = []) async throws -> Double {
        let started = ContinuousClock.now
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        if !send.isEmpty { try? await channel.writeAndFlush(ByteBuffer(bytes: send)).get() }
        var remaining = drip[...]
        while channel.isActive, started.duration(to: .now) < .seconds(10) {
            try await Task.sleep(for: .milliseconds(300))
            if let byte = remaining.popFirst(), channel.isActive { try? await channel.writeAndFlush(ByteBuffer(bytes: [byte])).get() }
        }
        let elapsed = started.duration(to: .now)
        try? await channel.close()
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
