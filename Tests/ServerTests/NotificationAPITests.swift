import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Notifications
import Storage
import Testing
import TestSupport

@Suite("Investor notifications and signed webhooks over HTTP")
struct NotificationAPITests {
    /// Submits a construction-permit dossier and has the officer start checking it: two
    /// transitions the investor is told about.
    static func submitAndStartCheck(_ app: ServerFixture) async throws -> String {
        var (location, etag) = try await LicensingAPITests.draft(app)
        let submitted = try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken)
        try #require(submitted.status == .ok, "\(submitted.text)")
        etag = try #require(submitted.headers[.eTag])
        let checking = try await LicensingAPITests.act(app, location, etag, "start_check", token: app.officerToken)
        try #require(checking.status == .ok, "\(checking.text)")
        return try #require(submitted.json["reference"] as? String)
    }

    @Test(arguments: TestDatabase.kinds)
    func dossierStepsReachTheInboxInTheOrganisationsLanguage(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let reference = try await Self.submitAndStartCheck(app)
            #expect(try await app.services.notifications.project() > 0)

            let inbox = try await app.request(.get, "/v1/notifications", token: app.investorToken)
            #expect(inbox.status == .ok, "\(inbox.text)")
            let items = inbox.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["eventType"] as? String } == ["dossier.start_check", "dossier.submit"], "newest first, drafts are not news")
            #expect(inbox.json["unreadCount"] as? Int == 2)
            let newest = try #require(items.first)
            #expect(newest["language"] as? String == "vi")
            let title = try #require(newest["title"] as? String)
            #expect(title.contains(reference) && title.contains("Đang kiểm tra"), "Vietnamese title naming the dossier and its status: \(title)")
            #expect((newest["data"] as? [String: Any])?["status"] as? String == "checking")
            #expect((newest["subject"] as? [String: Any])?["type"] as? String == "dossier")

            // Read for the whole organisation; unread again; then everything at once.
            let id = try #require(newest["id"] as? String)
            let read = try await app.request(.post, "/v1/notifications/\(id)/read", token: app.investorToken)
            #expect(read.status == .ok && read.json["read"] as? Bool == true && read.json["readAt"] is String, "\(read.text)")
            let unreadOnly = try await app.request(.get, "/v1/notifications?unread=true", token: app.investorToken)
            #expect((unreadOnly.json["items"] as? [Any])?.count == 1 && unreadOnly.json["unreadCount"] as? Int == 1)
            let unread = try await app.request(.delete, "/v1/notifications/\(id)/read", token: app.investorToken)
            #expect(unread.status == .ok && unread.json["read"] as? Bool == false)
            let all = try await app.request(.post, "/v1/notifications/read-all", token: app.investorToken)
            #expect(all.json["marked"] as? Int == 2)

            // Another enterprise sees none of it, and cannot touch it.
            let other = try await app.request(.get, "/v1/notifications", token: app.otherInvestorToken)
            #expect((other.json["items"] as? [Any])?.isEmpty == true && other.json["unreadCount"] as? Int == 0)
            #expect(try await app.request(.post, "/v1/notifications/\(id)/read", token: app.otherInvestorToken).status == .notFound)
            #expect(try await app.request(.get, "/v1/notifications", token: app.officerToken).status == .forbidden)

            // Pages: one at a time, newest first, until the cursor runs out.
            let first = try await app.request(.get, "/v1/notifications?limit=1", token: app.investorToken)
            let cursor = try #require(first.json["nextCursor"] as? String)
            let second = try await app.request(.get, "/v1/notifications?limit=1&cursor=\(cursor)", token: app.investorToken)
            #expect((second.json["items"] as? [[String: Any]])?.first?["eventType"] as? String == "dossier.submit")
            #expect(second.json["nextCursor"] == nil)
            let projectedAgain = try await app.services.notifications.project()
            #expect(projectedAgain == 0, "each ledger entry becomes one notification, once")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func webhooksAreSignedRetriedLoggedAndReplayed(kind: DatabaseKind) async throws {
        let receiver = RecordingWebhookTransport()
        try await ServerFixture.with(kind, configure: { $0.webhookFirstRetry = 0 }, webhookTransport: receiver) { app in
            let created = try await app.request(.post, "/v1/webhooks", token: app.investorToken,
                                                json: ["url": "http://erp.example.test/hooks", "description": "ERP",
                                                       "eventTypes": ["dossier.submit"]])
            #expect(created.status == .created, "\(created.text)")
            let secret = try #require(created.json["secret"] as? String)
            let endpointID = try #require(created.json["id"] as? String)
            #expect(created.headers[.location] == "/v1/webhooks/\(endpointID)")
            struct Stored: Decodable { let secret: String }
            let stored = try await app.services.database.read { try await $0.raw("SELECT secret FROM webhook_endpoints").all(decoding: Stored.self) }
            #expect(stored.count == 1 && stored[0].secret.hasPrefix("sealed:v1:") && !stored[0].secret.contains(secret.dropFirst(6)),
                    "the secret is sealed at rest")
            let listed = try await app.request(.get, "/v1/webhooks", token: app.investorToken)
            #expect((listed.json["items"] as? [[String: Any]])?.first?["secret"] == nil, "the secret is shown once")
            #expect((listed.json["eventTypes"] as? [String])?.contains("certificate.issued") == true)
            #expect(try await app.request(.get, "/v1/webhooks/\(endpointID)", token: app.otherInvestorToken).status == .notFound)

            // The receiver is down: the first attempt fails, is logged, and is retried.
            receiver.answer(.status(503))
            _ = try await Self.submitAndStartCheck(app)
            try await app.services.notifications.project()
            #expect(try await app.services.notifications.deliverDue() == 1, "only the subscribed event type is sent")
            receiver.answer(.status(200))
            #expect(try await app.services.notifications.deliverDue() == 1)
            #expect(try await app.services.notifications.deliverDue() == 0, "delivered messages are not sent again")

            let attempts = receiver.received
            #expect(attempts.count == 2 && attempts[0].id == attempts[1].id && attempts[0].id.hasPrefix("msg_"), "a retry keeps its webhook-id")
            for attempt in attempts {
                let timestamp = try #require(Int64(attempt.headers["webhook-timestamp"] ?? ""))
                let signature = try #require(WebhookSignature(secret: secret))
                #expect(signature.verify(id: attempt.id, timestamp: timestamp, body: attempt.body, header: attempt.headers["webhook-signature"] ?? ""))
                #expect(abs(Date().timeIntervalSince1970 - Double(timestamp)) < 300)
            }
            #expect(attempts[0].json["type"] as? String == "dossier.submit")
            #expect((attempts[0].json["data"] as? [String: Any])?["status"] as? String == "submitted")
            #expect(attempts[0].json["timestamp"] is String)

            let log = try await app.request(.get, "/v1/webhooks/\(endpointID)/deliveries", token: app.investorToken)
            let delivery = try #require((log.json["items"] as? [[String: Any]])?.first)
            #expect(delivery["state"] as? String == "delivered" && delivery["attempts"] as? Int == 2)
            let detail = try await app.request(.get, "/v1/webhook-deliveries/\(attempts[0].id)", token: app.investorToken)
            let entries = detail.json["log"] as? [[String: Any]] ?? []
            #expect(entries.map { $0["statusCode"] as? Int } == [503, 200], "\(detail.text)")
            #expect(detail.json["payload"] as? String == String(decoding: attempts[0].body, as: UTF8.self))
            #expect(try await app.request(.get, "/v1/webhook-deliveries/\(attempts[0].id)", token: app.otherInvestorToken).status == .notFound)
            let counts = try await app.request(.get, "/v1/webhooks/\(endpointID)", token: app.investorToken)
            #expect((counts.json["deliveries"] as? [String: Int])?["delivered"] == 1)

            // Replay: the same message again, same id, on request.
            let replayed = try await app.request(.post, "/v1/webhook-deliveries/\(attempts[0].id)/replay", token: app.investorToken)
            #expect(replayed.status == .accepted && replayed.json["state"] as? String == "pending", "\(replayed.text)")
            #expect(replayed.headers[.init("Ledger-Receipt")!] != nil)
            #expect(try await app.services.notifications.deliverDue() == 1)
            #expect(receiver.received.last?.id == attempts[0].id && receiver.received.last?.body == attempts[0].body)

            // Disabled endpoints stop receiving and cannot be replayed to.
            let disabled = try await app.request(.delete, "/v1/webhooks/\(endpointID)", token: app.investorToken)
            #expect(disabled.status == .ok && disabled.json["enabled"] as? Bool == false)
            let refused = try await app.request(.post, "/v1/webhook-deliveries/\(attempts[0].id)/replay", token: app.investorToken)
            #expect(refused.status == .conflict && refused.isProblem)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aReceiverThatNeverAnswersEndsFailedUntilReplayed(kind: DatabaseKind) async throws {
        let receiver = RecordingWebhookTransport()
        try await ServerFixture.with(kind, configure: { $0.webhookFirstRetry = 0 }, webhookTransport: receiver) { app in
            let created = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["url": "https://erp.example.test/hooks"])
            let endpointID = try #require(created.json["id"] as? String)
            receiver.answer(.unreachable)
            _ = try await Self.submitAndStartCheck(app)
            try await app.services.notifications.project()
            var rounds = 0
            while try await app.services.notifications.deliverDue() > 0 { rounds += 1 }
            #expect(rounds == RetryPolicy().maximumAttempts, "every attempt the policy allows, then no more")
            let failed = try await app.request(.get, "/v1/webhooks/\(endpointID)/deliveries?state=failed", token: app.investorToken)
            let items = failed.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 2 && items.allSatisfy { $0["lastError"] as? String == "refused" }, "\(failed.text)")
            let pending = try await app.request(.get, "/v1/webhooks/\(endpointID)/deliveries?state=pending", token: app.investorToken)
            #expect((pending.json["items"] as? [Any])?.isEmpty == true)

            receiver.answer(.status(204))
            let id = try #require(items.first?["id"] as? String)
            #expect(try await app.request(.post, "/v1/webhook-deliveries/\(id)/replay", token: app.investorToken).status == .accepted)
            #expect(try await app.services.notifications.deliverDue() == 1)
            let detail = try await app.request(.get, "/v1/webhook-deliveries/\(id)", token: app.investorToken)
            #expect(detail.json["state"] as? String == "delivered" && (detail.json["log"] as? [Any])?.count == RetryPolicy().maximumAttempts + 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func badSubscriptionsAreNamed(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.webhookAllowInsecureHTTP = false }) { app in
            let insecure = try await app.request(.post, "/v1/webhooks", token: app.investorToken,
                                                 json: ["url": "http://erp.example.test/hooks", "eventTypes": ["dossier.submit", "dossier.teleport"]])
            #expect(insecure.status == .unprocessableContent && insecure.isProblem)
            #expect(Set(insecure.problemPointers) == ["/url", "/eventTypes/1"], "\(insecure.text)")
            for address in ["https://127.0.0.1/hooks", "https://10.1.2.3:8443/", "https://[::1]/", "https://LOCALHOST/x", "https://192.168.0.10/",
                             "https://[fd00::1]/", "https://169.254.169.254/latest/meta-data", "https://127.1/", "https://2130706433/",
                             "https://0x7f.0.0.1/", "https://0177.0.0.1/", "https://[0:0:0:0:0:0:0:1]/", "https://[::ffff:7f00:1]/"] {
                let refused = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["url": address])
                #expect(refused.status == .unprocessableContent && refused.problemPointers == ["/url"], "\(address): \(refused.text)")
            }
            let external = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["url": "https://203.0.113.7/hooks"])
            #expect(external.status == .created, "a public address is fine: \(external.text)")
            let missing = try await app.request(.post, "/v1/webhooks", token: app.investorToken, json: ["description": "no url"])
            #expect(missing.status == .unprocessableContent && missing.problemPointers == ["/url"], "\(missing.text)")
            let staff = try await app.request(.post, "/v1/webhooks", token: app.officerToken, json: ["url": "https://example.test/"])
            #expect(staff.status == .forbidden)
            #expect(try await app.request(.get, "/v1/webhooks/not-an-id", token: app.investorToken).status == .notFound)
            #expect(try await app.request(.get, "/v1/webhook-deliveries/msg_nothing", token: app.investorToken).status == .notFound)
            let badState = try await app.request(.get, "/v1/webhooks/\(UUID())/deliveries?state=lost", token: app.investorToken)
            #expect(badState.status == .badRequest && badState.isProblem)
        }
    }
}
