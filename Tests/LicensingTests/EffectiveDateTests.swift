import FTZCore
import Foundation
import Licensing
import Localization
import Testing
import TestSupport

/// A law takes effect on its date: a version published ahead of it waits, dossiers keep
/// the version in force when they were created, and the past cannot be rewritten.
@Suite("Procedure versions take effect on their date")
struct EffectiveDateTests {
    static let admin = Actor(principal: .user(UUID()), organisationID: UUID(), organisationKind: .zoneAuthority, roles: [.admin])

    static func nextVersion(of code: String, in f: LicensingFixture, from: LocalDate?, until: LocalDate? = nil) async throws -> Procedure {
        var procedure = try await f.nextVersion(of: code)
        procedure.effectiveFrom = from
        procedure.effectiveUntil = until
        procedure.changes = LocalizedText(["en": "The new Law on Investment applies", "vi": "Áp dụng Luật Đầu tư mới"])
        procedure.timeLimit.days += 5
        return procedure
    }

    @Test(arguments: TestDatabase.kinds)
    func aVersionPublishedAheadWaitsForItsDateAndDossiersKeepTheirs(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            // A procedure with no version of its own announced (IRC-NEW's version 3 waits for 31 March).
            let catalogue = f.service.catalogue
            let today = try await catalogue.today()
            let current = try #require(try await catalogue.procedure("INVESTMENT-POLICY-APPROVAL")).version
            let before = try await f.service.create(procedureCode: "INVESTMENT-POLICY-APPROVAL", form: [:], by: f.investor)
            let next = try await Self.nextVersion(of: "INVESTMENT-POLICY-APPROVAL", in: f, from: today.adding(days: 3))
            _ = try await catalogue.publish(next, by: Self.admin)

            // Published, not yet in force: the guide announces it, new dossiers take the current version.
            #expect(try await catalogue.procedure("INVESTMENT-POLICY-APPROVAL")?.version == current)
            #expect(try await catalogue.nextVersion(of: "INVESTMENT-POLICY-APPROVAL")?.version == next.version)
            #expect(try await catalogue.procedures().first { $0.code == "INVESTMENT-POLICY-APPROVAL" }?.version == current)
            #expect(try await f.service.create(procedureCode: "INVESTMENT-POLICY-APPROVAL", form: [:], by: f.investor).procedureVersion == current)

            // On its date it is in force; what was filed before keeps its version.
            f.clock.advance(by: 3 * 86_400)
            #expect(try await catalogue.procedure("INVESTMENT-POLICY-APPROVAL")?.version == next.version)
            #expect(try await catalogue.nextVersion(of: "INVESTMENT-POLICY-APPROVAL") == nil)
            #expect(try await f.service.create(procedureCode: "INVESTMENT-POLICY-APPROVAL", form: [:], by: f.investor).procedureVersion == next.version)
            #expect(try await f.service.dossier(before.id, by: f.investor).procedureVersion == current)
            #expect(try await catalogue.procedure("INVESTMENT-POLICY-APPROVAL", version: current)?.timeLimit.days == next.timeLimit.days - 5)
        }
    }

    /// The catalogue as shipped: on 2 March 2026 the new Law on Investment is in force, the
    /// new Law on Construction is announced for 1 July, and no version in force cites a
    /// replaced text.
    @Test(arguments: TestDatabase.kinds)
    func theShippedCatalogueCarriesTheLawsOnTheirDates(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let catalogue = f.service.catalogue
            let irc = try #require(try await catalogue.procedure("IRC-NEW"))
            #expect(irc.version == 2 && irc.legalBasis.text(.en).contains("143/2025/QH15") && irc.unconfirmed != nil)
            #expect(irc.clockRule == .init(startsOn: .acceptance, onSupplement: .restart))
            #expect(try await catalogue.procedure("IRC-NEW", version: 1)?.legalBasis.text(.en).contains("61/2020/QH14") == true,
                    "version 1 is kept for the dossiers filed under it")
            #expect(try await catalogue.procedure("WORK-PERMIT-CONFIRMATION")?.legalBasis.text(.vi).contains("219/2025/NĐ-CP") == true)

            let construction = try #require(try await catalogue.procedure("CONSTRUCTION-PERMIT"))
            #expect(construction.version == 1)
            let announced = try #require(try await catalogue.nextVersion(of: "CONSTRUCTION-PERMIT"))
            #expect(announced.version == 2 && announced.effectiveFrom == LocalDate("2026-07-01") && announced.changes != nil)
            // Inherited from version 1: the form and documents, not its own announcement.
            #expect(announced.form == construction.form && announced.documents == construction.documents)

            let registration = try #require(try await catalogue.procedure("FTZ-ENTERPRISE-REG"))
            #expect(registration.onlineFilingTotal == (try Money(amount: "100000", currency: "VND")), "online filings pay no registration fee")
            let policy = try #require(try await catalogue.procedure("INVESTMENT-POLICY-APPROVAL"))
            #expect(policy.form == (try await catalogue.procedure("IRC-NEW", version: 1))?.form && policy.result.missingLanguages.isEmpty)

            f.clock.advance(by: 121 * 86_400)  // 1 July 2026
            let replaced = ["61/2020/QH14", "50/2014/QH13", "152/2020/NĐ-CP", "70/2023/NĐ-CP", "61/2018/NĐ-CP"]
            for procedure in try await catalogue.procedures() {
                for language in Language.allCases {
                    let basis = procedure.legalBasis.text(language)
                    #expect(!replaced.contains { basis.contains($0) }, "\(procedure.code) v\(procedure.version) \(language): \(basis)")
                }
            }
            #expect(try await catalogue.procedure("CONSTRUCTION-PERMIT")?.version == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func thePastCannotBeRewrittenAndAnEndComesAfterItsStart(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let today = try await f.service.catalogue.today()
            let backdated = try await Self.nextVersion(of: "CONSTRUCTION-PERMIT", in: f, from: today.adding(days: -1))
            await #expect { try await f.service.catalogue.publish(backdated, by: Self.admin) } throws: { error in
                (error as? Problem)?.fieldErrors.map(\.pointer) == ["/effectiveFrom"]
            }
            let inverted = try await Self.nextVersion(of: "CONSTRUCTION-PERMIT", in: f, from: today.adding(days: 10), until: today.adding(days: 5))
            await #expect { try await f.service.catalogue.publish(inverted, by: Self.admin) } throws: { error in
                (error as? Problem)?.fieldErrors.map(\.pointer) == ["/effectiveUntil"]
            }
            // Today is allowed, and takes effect at once; a version with an end stops being in force after it.
            let ending = try await Self.nextVersion(of: "CONSTRUCTION-PERMIT", in: f, from: today, until: today.adding(days: 1))
            _ = try await f.service.catalogue.publish(ending, by: Self.admin)
            #expect(try await f.service.catalogue.procedure("CONSTRUCTION-PERMIT")?.version == ending.version)
            f.clock.advance(by: 2 * 86_400)
            #expect(try await f.service.catalogue.procedure("CONSTRUCTION-PERMIT")?.version == 1, "version 1 has no end")
        }
    }

    /// A holiday announced ahead changes deadlines only from the replacement's date: until
    /// then the year in force stays, and on the date the new days off count.
    @Test(arguments: TestDatabase.kinds)
    func aCalendarYearReplacedAheadTakesEffectOnItsDate(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let catalogue = f.service.catalogue
            let today = try await catalogue.today()
            let nextMonday = today.adding(days: (8 - today.weekday) % 7 == 0 ? 7 : (8 - today.weekday) % 7)
            try #require(try await catalogue.calendar().isWorkingDay(nextMonday))
            let found = try #require(try await catalogue.calendarYear(today.year))
            var replaced = found.current.year
            replaced.holidays.append(.init(date: nextMonday, name: "Ngày nghỉ bù"))
            replaced.effectiveFrom = today.adding(days: 2)
            let version = try await catalogue.updateCalendarYear(replaced, expectedVersion: found.latestVersion, by: Self.admin)

            #expect(try await catalogue.calendar().isWorkingDay(nextMonday), "not before its date")
            let pending = try #require(try await catalogue.calendarYear(today.year))
            #expect(pending.current.version == found.current.version && pending.replacement?.version == version && pending.latestVersion == version)

            f.clock.advance(by: 2 * 86_400)
            #expect(try await !catalogue.calendar().isWorkingDay(nextMonday), "in force on its date")
            let current = try #require(try await catalogue.calendarYear(today.year))
            #expect(current.current.version == version && current.replacement == nil)

            var past = replaced
            past.effectiveFrom = today
            await #expect(throws: Problem.self) {
                try await catalogue.updateCalendarYear(past, expectedVersion: version, by: Self.admin)
            }
        }
    }
}
