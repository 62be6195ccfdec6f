import FTZCore
import Foundation
import Notifications
import Storage
import Testing
import TestSupport

/// Webhooks: one delivery per subscribed endpoint, signed, retried with backoff until the
/// receiver answers 2xx or the attempts run out.
@Suite struct DeliveryTests {
    @Test(arguments: TestDatabase.kinds)
    func aFailedDeliveryIsRetriedAfterTheBackoffAndThenDelivered(kind: DatabaseKind) async throws {
        try await NotificationFixture.with(kind) { fixture in
            let endpoint = try await fixture.subscribe(fixture.english)
            try await fixture.dossierMoved("approve", to: "approved", organisation: fixture.english)
            try await fixture.notifications.project()
            fixture.receiver.answer([503])

            #expect(try await fixture.notifications.deliverDue() == 1)
            #expect(try await fixture.notifications.deliveryCounts(endpoint: endpoint.id) == [.pending: 1])
            #expect(try await fixture.notifications.deliverDue() == 0, "not due again before the backoff")
            fixture.clock.advance(by: 31)
            #expect(try await fixture.notifications.deliverDue() == 1)
            #expect(try await fixture.notifications.deliveryCounts(endpoint: endpoint.id) == [.delivered: 1])

            let sent = fixture.receiver.received
            #expect(sent.count == 2)
            #expect(Set(sent.compactMap { $0.headers["webhook-id"] }).count == 1, "a retry keeps the id, so the receiver can drop duplicates")
            let signature = try #require(WebhookSignature(secret: endpoint.secret))
            let last = try #require(sent.last)
            let timestamp = try #require(last.headers["webhook-timestamp"].flatMap { Int64($0) })
            let id = try #require(last.headers["webhook-id"])
            let header = try #require(last.headers["webhook-signature"])
            #expect(signature.verify(id: id, timestamp: timestamp, body: last.body, header: header))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDeliveryGivesUpAfterTheLastAttempt(kind: DatabaseKind) async throws {
        try await NotificationFixture.with(kind, maximumAttempts: 2) { fixture in
            let endpoint = try await fixture.subscribe(fixture.english)
            try await fixture.dossierMoved("refuse", to: "refused", organisation: fixture.english)
            try await fixture.notifications.project()
            fixture.receiver.answer([500, 500, 500])
            try await fixture.notifications.deliverDue()
            fixture.clock.advance(by: 31)
            try await fixture.notifications.deliverDue()
            fixture.clock.advance(by: 3600)
            #expect(try await fixture.notifications.deliverDue() == 0)
            #expect(try await fixture.notifications.deliveryCounts(endpoint: endpoint.id) == [.failed: 1])
            #expect(fixture.receiver.received.count == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEndpointReceivesOnlyTheEventTypesItChose(kind: DatabaseKind) async throws {
        try await NotificationFixture.with(kind) { fixture in
            let certificates = try await fixture.subscribe(fixture.english, to: ["certificate.issued"])
            let everything = try await fixture.subscribe(fixture.english)
            try await fixture.dossierMoved("submit", to: "submitted", organisation: fixture.english)
            try await fixture.subscribe(fixture.vietnamese)
            try await fixture.notifications.project()
            #expect(try await fixture.notifications.deliverDue() == 1)
            #expect(try await fixture.notifications.deliveryCounts(endpoint: certificates.id).isEmpty)
            #expect(try await fixture.notifications.deliveryCounts(endpoint: everything.id) == [.delivered: 1])
        }
    }
}
