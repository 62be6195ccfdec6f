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
        var procedure = try #require(try await f.service.catalogue.procedure(code))
        procedure.version += 1
        procedure.effectiveFrom = from
        procedure.effectiveUntil = until
        procedure.changes = LocalizedText(["en": "The new Law on Investment applies", "vi": "Áp dụng Luật Đầu tư mới"])
        procedure.timeLimit.days += 5
        return procedure
    }

    @Test(arguments: TestDatabase.kinds)
    func aVersionPublishedAheadWaitsForItsDateAndDossiersKeepTheirs(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let catalogue = f.service.catalogue
            let today = try await catalogue.today()
            let before = try await f.service.create(procedureCode: "IRC-NEW", form: [:], by: f.investor)
            let next = try await Self.nextVersion(of: "IRC-NEW", in: f, from: today.adding(days: 3))
            _ = try await catalogue.publish(next, by: Self.admin)

            // Published, not yet in force: the guide announces it, new dossiers take version 1.
            #expect(try await catalogue.procedure("IRC-NEW")?.version == 1)
            #expect(try await catalogue.nextVersion(of: "IRC-NEW")?.version == 2)
            #expect(try await catalogue.procedures().first { $0.code == "IRC-NEW" }?.version == 1)
            #expect(try await f.service.create(procedureCode: "IRC-NEW", form: [:], by: f.investor).procedureVersion == 1)

            // On its date it is in force; what was filed before keeps version 1.
            f.clock.advance(by: 3 * 86_400)
            #expect(try await catalogue.procedure("IRC-NEW")?.version == 2)
            #expect(try await catalogue.nextVersion(of: "IRC-NEW") == nil)
            #expect(try await f.service.create(procedureCode: "IRC-NEW", form: [:], by: f.investor).procedureVersion == 2)
            #expect(try await f.service.dossier(before.id, by: f.investor).procedureVersion == 1)
            #expect(try await catalogue.procedure("IRC-NEW", version: 1)?.timeLimit.days == next.timeLimit.days - 5)
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
            #expect(try await f.service.catalogue.procedure("CONSTRUCTION-PERMIT")?.version == 2)
            f.clock.advance(by: 2 * 86_400)
            #expect(try await f.service.catalogue.procedure("CONSTRUCTION-PERMIT")?.version == 1, "version 1 has no end")
        }
    }
}
