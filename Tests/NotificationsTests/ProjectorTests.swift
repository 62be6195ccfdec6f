import FTZCore
import Foundation
import Ledger
import Notifications
import Storage
import Testing
import TestSupport

/// The ledger is the outbox: each entry an investor should hear about becomes one inbox
/// notification, in the organisation's language, however often the projector runs.
@Suite struct ProjectorTests {
    @Test(arguments: TestDatabase.kinds)
    func aDossierChangeReachesItsOrganisationInItsLanguage(kind: DatabaseKind) async throws {
        try await NotificationFixture.with(kind) { fixture in
            try await fixture.dossierMoved("request_supplement", to: "supplement_requested", organisation: fixture.english)
            try await fixture.dossierMoved("request_supplement", to: "supplement_requested", organisation: fixture.vietnamese)
            #expect(try await fixture.notifications.project() == 2)

            let english = try #require(try await fixture.inbox(of: fixture.english).first)
            #expect(english.eventType == "dossier.request_supplement")
            #expect(english.language == "en")
            #expect(english.title.contains("HPFTZ-HS-IRC-2026-000001"), "\(english.title)")
            let vietnamese = try #require(try await fixture.inbox(of: fixture.vietnamese).first)
            #expect(vietnamese.language == "vi")
            #expect(vietnamese.title != english.title, "each organisation reads its own language")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func projectingAgainMakesNoDuplicates(kind: DatabaseKind) async throws {
        try await NotificationFixture.with(kind) { fixture in
            try await fixture.dossierMoved("submit", to: "submitted", organisation: fixture.english)
            #expect(try await fixture.notifications.project() == 1)
            #expect(try await fixture.notifications.project() == 0)
            try await fixture.dossierMoved("accept", to: "under_review", organisation: fixture.english)
            #expect(try await fixture.notifications.project() == 1)
            let types = try await fixture.inbox(of: fixture.english).map(\.eventType)
            #expect(types.sorted() == ["dossier.accept", "dossier.submit"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func internalWorkAndOtherCapabilitiesStayOutOfTheInbox(kind: DatabaseKind) async throws {
        try await NotificationFixture.with(kind) { fixture in
            try await fixture.append(LedgerEvent(action: "licensing.note.added", subjectType: "dossier", subjectID: "d1",
                                                 organisationID: fixture.english, payload: ["text": "internal"]))
            try await fixture.append(LedgerEvent(action: "trade.declaration.received", subjectType: "declaration", subjectID: "305123456789",
                                                 organisationID: fixture.english, payload: [:]))
            try await fixture.dossierMoved("submit", to: "submitted", organisation: nil)
            #expect(try await fixture.notifications.project() == 0)
            #expect(try await fixture.inbox(of: fixture.english).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCertificateIssuedIsNamedByItsNumber(kind: DatabaseKind) async throws {
        try await NotificationFixture.with(kind) { fixture in
            try await fixture.append(LedgerEvent(action: "licensing.certificate.issued", subjectType: "certificate", subjectID: "2100000001",
                                                 organisationID: fixture.english, payload: ["type": "IRC"]))
            try await fixture.notifications.project()
            let notification = try #require(try await fixture.inbox(of: fixture.english).first)
            #expect(notification.eventType == "certificate.issued")
            #expect(notification.title.contains("2100000001"), "\(notification.title)")
            #expect(notification.data["certificateType"] == .string("IRC"))
        }
    }
}
