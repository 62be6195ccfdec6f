import FTZCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Licensing
import Storage
import Testing
import TestSupport

/// The clock rules over HTTP, on the real clock: the dates a person sees on the dossier
/// after each step, for each start event and each supplement rule.
@Suite("The statutory clock over HTTP")
struct StatutoryClockAPITests {
    enum Rule: String, CaseIterable, Sendable {
        case submissionResume, submissionRestart, acceptanceRestart

        var clock: Procedure.ClockRule {
            switch self {
            case .submissionResume: .init(startsOn: .submission, onSupplement: .resume)
            case .submissionRestart: .init(startsOn: .submission, onSupplement: .restart)
            case .acceptanceRestart: .init(startsOn: .acceptance, onSupplement: .restart)
            }
        }
    }

    /// Publishes the construction permit, in force at once, with 5 working days and `rule`.
    static func publish(_ rule: Rule, _ app: ServerFixture) async throws {
        var procedure = try #require(try await app.services.catalogue.procedure("CONSTRUCTION-PERMIT"))
        procedure.version = try #require(app.services.catalogue.catalogue.procedures.filter { $0.code == procedure.code }.map(\.version).max()) + 1
        procedure.effectiveFrom = nil
        procedure.timeLimit = .init(days: 5, counted: .working)
        procedure.clock = rule.clock
        let published = try await app.request(.post, "/v1/procedures/CONSTRUCTION-PERMIT/versions", token: app.adminToken,
                                              body: String(decoding: try JSONEncoder().encode(procedure), as: UTF8.self),
                                              headers: ["Content-Type": "application/json"])
        try #require(published.status == .created, "\(published.text)")
        let page = try await app.request(.get, "/v1/procedures/CONSTRUCTION-PERMIT")
        let clock = try #require(page.json["clock"] as? [String: Any])
        #expect(clock["startsOn"] as? String == rule.clock.startsOn.rawValue && clock["onSupplement"] as? String == rule.clock.onSupplement.rawValue)
    }

    @Test(arguments: TestDatabase.kinds, Rule.allCases)
    func theDatesFollowTheRule(kind: DatabaseKind, rule: Rule) async throws {
        try await ServerFixture.with(kind) { app in
            try await Self.publish(rule, app)
            let calendar = try await app.services.catalogue.calendar()
            func received() async throws -> String { try await app.services.catalogue.receiptDay().description }
            func fullPeriod() async throws -> String { calendar.due(after: try await app.services.catalogue.receiptDay(), days: 5, counted: .working).description }

            var (location, etag) = try await LicensingAPITests.draft(app)
            var response = try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken)
            #expect(response.status == .ok, "\(response.text)")
            if rule.clock.startsOn == .submission {
                #expect(response.json["clockStartedOn"] as? String == (try await received()))
                #expect(response.json["appointmentOn"] as? String == (try await fullPeriod()), "\(response.text)")
            } else {
                #expect(response.json["clockStartedOn"] == nil && response.json["appointmentOn"] == nil, "\(response.text)")
            }
            let appointment = response.json["appointmentOn"] as? String

            etag = try #require(response.headers[.eTag])
            response = try await LicensingAPITests.act(app, location, etag, "request_supplement", token: app.officerToken,
                                                       extra: ["comment": "Bổ sung bản vẽ mặt cắt"])
            #expect(response.json["status"] as? String == "supplement_requested", "\(response.text)")
            #expect(response.json["paused"] as? Bool == (rule.clock.startsOn == .submission), "only a running clock pauses")
            let remaining = response.json["remainingDays"] as? Int
            if let appointment, let due = LocalDate(appointment) {
                #expect(remaining == calendar.remaining(from: try await app.services.catalogue.today(), until: due, counted: .working))
            }

            etag = try #require(response.headers[.eTag])
            response = try await LicensingAPITests.act(app, location, etag, "resubmit", token: app.investorToken)
            #expect(response.status == .ok, "\(response.text)")
            switch rule {
            case .submissionResume:
                let resumed = calendar.due(after: try await app.services.catalogue.receiptDay(), days: try #require(remaining), counted: .working)
                #expect(response.json["appointmentOn"] as? String == resumed.description, "the days left, from the supplement")
            case .submissionRestart:
                #expect(response.json["appointmentOn"] as? String == (try await fullPeriod()), "the full period again")
                #expect(response.json["clockStartedOn"] as? String == (try await received()))
            case .acceptanceRestart:
                #expect(response.json["appointmentOn"] == nil, "still waiting for acceptance")
                etag = try #require(response.headers[.eTag])
                response = try await LicensingAPITests.act(app, location, etag, "accept", token: app.officerToken)
                #expect(response.json["clockStartedOn"] as? String == (try await received()))
                #expect(response.json["appointmentOn"] as? String == (try await fullPeriod()), "\(response.text)")
            }
            #expect(response.json["paused"] as? Bool == false && response.json["remainingDays"] == nil)
        }
    }
}
