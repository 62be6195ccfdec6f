import FTZCore
import Foundation
import Licensing
import Localization
import Testing
import TestSupport

/// When the statutory clock runs, as each procedure's data says: from submission or from
/// acceptance, a filing after office hours received the next working day, a supplement
/// resuming with the days left or restarting the full period, and the statistics counting
/// by the same rule. The fixture's clock starts on Monday 2 March 2026 at 09:00 in Hai Phong.
@Suite("The statutory clock follows the procedure's rule")
struct StatutoryClockTests {
    static let admin = Actor(principal: .user(UUID()), organisationID: UUID(), organisationKind: .zoneAuthority, roles: [.admin])

    /// Publishes, in force at once, the construction permit with a 5-working-day limit and the given clock rule.
    static func useRule(_ startsOn: Procedure.ClockRule.Start, _ onSupplement: Procedure.ClockRule.SupplementEffect,
                        in f: LicensingFixture) async throws {
        var procedure = try await f.nextVersion(of: "CONSTRUCTION-PERMIT")
        procedure.timeLimit = .init(days: 5, counted: .working)
        procedure.clock = .init(startsOn: startsOn, onSupplement: onSupplement)
        _ = try await f.service.catalogue.publish(procedure, by: Self.admin)
    }

    static let hour: TimeInterval = 3_600
    static let day: TimeInterval = 86_400

    @Test(arguments: TestDatabase.kinds)
    func aFilingAfterOfficeHoursCountsFromTheNextWorkingDay(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            try await Self.useRule(.submission, .resume, in: f)
            let morning = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            #expect(morning.clockStartedOn == LocalDate("2026-03-02") && morning.appointmentOn == LocalDate("2026-03-09"))

            f.clock.advance(by: 9 * Self.hour)  // 18:00, after the desk closed at 17:00
            let evening = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            #expect(evening.submittedOn == LocalDate("2026-03-02"), "the filing date stays the day it was made")
            #expect(evening.clockStartedOn == LocalDate("2026-03-03") && evening.appointmentOn == LocalDate("2026-03-10"))

            f.clock.advance(by: 4 * Self.day + 6 * Self.hour)  // Saturday 7 March, 00:00
            let weekend = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            #expect(weekend.clockStartedOn == LocalDate("2026-03-09") && weekend.appointmentOn == LocalDate("2026-03-16"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func fromAcceptanceTheClockWaitsForTheCompletenessCheck(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            try await Self.useRule(.acceptance, .resume, in: f)
            var dossier = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            #expect(dossier.reference != nil && dossier.clockStartedOn == nil && dossier.appointmentOn == nil)

            // A supplement asked before acceptance stops nothing: the clock has not started.
            dossier = try await f.act(.startCheck, dossier, by: f.officer)
            dossier = try await f.act(.requestSupplement, dossier, by: f.officer, input: .init(comment: "Thiếu bản vẽ"))
            #expect(dossier.pausedOn == nil && dossier.remainingDays == nil)
            f.clock.advance(by: 2 * Self.day)  // Wednesday 4 March
            dossier = try await f.act(.resubmit, dossier, by: f.investor)
            #expect(dossier.appointmentOn == nil)

            dossier = try await f.act(.accept, dossier, by: f.officer)
            #expect(dossier.clockStartedOn == LocalDate("2026-03-04") && dossier.appointmentOn == LocalDate("2026-03-11"))
            f.clock.advance(by: 7 * Self.day)  // Wednesday 11 March, the appointment day
            dossier = try await f.act(.approve, dossier, by: f.approver)
            #expect(dossier.processingDays == 5 && dossier.onTime == true, "counted from acceptance, not from submission")

            let statistics = try await f.service.statistics(procedure: "CONSTRUCTION-PERMIT", by: f.officer)
            #expect(statistics.first?.medianDays == 5 && statistics.first?.onTimeRate == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func resumeContinuesWithTheDaysLeft(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            try await Self.useRule(.submission, .resume, in: f)
            var dossier = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            #expect(dossier.appointmentOn == LocalDate("2026-03-09"))
            f.clock.advance(by: Self.day)  // Tuesday 3 March
            dossier = try await f.act(.requestSupplement, dossier, by: f.officer, input: .init(comment: "Thiếu bản vẽ"))
            #expect(dossier.remainingDays == 4 && dossier.pausedOn == LocalDate("2026-03-03"))

            f.clock.advance(by: 6 * Self.day)  // Monday 9 March
            dossier = try await f.act(.resubmit, dossier, by: f.investor)
            #expect(dossier.appointmentOn == LocalDate("2026-03-13"), "4 working days left, from 9 March")
            #expect(dossier.clockStartedOn == LocalDate("2026-03-02") && dossier.pausedDays == 4)

            dossier = try await f.act(.accept, dossier, by: f.officer)
            f.clock.advance(by: 4 * Self.day)  // Friday 13 March
            dossier = try await f.act(.approve, dossier, by: f.approver)
            #expect(dossier.processingDays == 5 && dossier.onTime == true, "9 working days since 2 March, 4 of them paused")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func restartGivesTheFullPeriodFromTheSupplement(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            try await Self.useRule(.submission, .restart, in: f)
            var dossier = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            f.clock.advance(by: Self.day)  // Tuesday 3 March
            dossier = try await f.act(.requestSupplement, dossier, by: f.officer, input: .init(comment: "Thiếu bản vẽ"))
            f.clock.advance(by: 6 * Self.day + 9 * Self.hour)  // Monday 9 March, 18:00: received on Tuesday 10 March
            dossier = try await f.act(.resubmit, dossier, by: f.investor)
            #expect(dossier.clockStartedOn == LocalDate("2026-03-10") && dossier.appointmentOn == LocalDate("2026-03-17"))
            #expect(dossier.pausedDays == 0 && dossier.remainingDays == nil)

            dossier = try await f.act(.accept, dossier, by: f.officer)
            f.clock.advance(by: 8 * Self.day + 6 * Self.hour)  // Wednesday 18 March, a day late
            dossier = try await f.act(.approve, dossier, by: f.approver)
            #expect(dossier.processingDays == 6 && dossier.onTime == false, "counted from the restart on 10 March")
            let statistics = try await f.service.statistics(procedure: "CONSTRUCTION-PERMIT", by: f.officer)
            #expect(statistics.first?.medianDays == 6 && statistics.first?.onTimeRate == 0)
        }
    }
}
