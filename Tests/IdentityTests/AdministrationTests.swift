import FTZCore
import Foundation
import Identity
import Testing
import TestSupport

@Suite("Identity administration and object-level access")
struct AdministrationTests {
    @Test(arguments: TestDatabase.kinds)
    func onlyAdministratorsCreateAccounts(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let (_, investor) = try await fixture.makeInvestor("minjun")
            await #expect(throws: Problem(.forbidden, "forbidden_role", arguments: ["roles": "admin"])) {
                try await fixture.accounts.createUser(
                    .init(organisationID: fixture.investorOrganisation.id, username: "intruder", displayName: "X",
                          password: "long enough password", roles: ["investor"]), by: investor)
            }
            await #expect(throws: Problem.unauthenticated()) {
                try await fixture.organisations.createOrganisation(.init(kind: .department, name: "D", country: "VN"), by: .anonymous)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anotherOrganisationsObjectsAnswerNotFound(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let (mine, investor) = try await fixture.makeInvestor("minjun")
            let (theirs, _) = try await fixture.makeInvestor("tanaka", in: fixture.otherInvestorOrganisation)

            #expect(try await fixture.accounts.user(mine.id, by: investor).username == "minjun")
            await #expect(throws: Problem.notFound("user")) { try await fixture.accounts.user(theirs.id, by: investor) }
            await #expect(throws: Problem.notFound("organisation")) {
                try await fixture.organisations.organisation(fixture.otherInvestorOrganisation.id, by: investor)
            }
            let visible = try await fixture.organisations.organisations(kind: nil, page: PageRequest(), by: investor)
            #expect(visible.items.map(\.id) == [fixture.investorOrganisation.id])
            let colleagues = try await fixture.accounts.users(organisation: fixture.otherInvestorOrganisation.id,
                                                                    page: PageRequest(), by: investor)
            #expect(colleagues.items.isEmpty)
            // Zone staff see everyone.
            #expect(try await fixture.organisations.organisations(kind: nil, page: PageRequest(), by: fixture.admin).items.count == 3)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func validationNamesEveryBadField(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            do {
                _ = try await fixture.accounts.createUser(
                    .init(organisationID: fixture.investorOrganisation.id, username: "x", displayName: " ", email: "not-an-email",
                          password: "short", roles: ["investor", "emperor"]), by: fixture.admin)
                Issue.record("expected a validation problem")
            } catch let problem as Problem {
                #expect(problem.status == .unprocessable)
                #expect(Set(problem.fieldErrors.map(\.pointer)) == ["/username", "/displayName", "/email", "/password", "/roles/1"])
            }
            await #expect(throws: Problem.invalid("/roles", "role_not_for_organisation",
                                                  arguments: ["roles": "eza_approver", "kind": "investor_enterprise"])) {
                try await fixture.accounts.createUser(
                    .init(organisationID: fixture.investorOrganisation.id, username: "sneaky", displayName: "S",
                          password: "long enough password", roles: ["eza_approver"]), by: fixture.admin)
            }
            await #expect(throws: Problem.invalid("/taxCode", "tax_code.check_digit")) {
                try await fixture.organisations.createOrganisation(
                    .init(kind: .investorEnterprise, name: "Bad", country: "VN", taxCode: "0201234568"), by: fixture.admin)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func duplicatesAreConflicts(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            await #expect(throws: Problem.self) {
                try await fixture.organisations.createOrganisation(
                    .init(kind: .investorEnterprise, name: "Copy", country: "VN", taxCode: "0201234569"), by: fixture.admin)
            }
            do {
                _ = try await fixture.accounts.createUser(
                    .init(organisationID: fixture.zone.id, username: "ROOT", displayName: "Dup", password: "long enough password",
                          roles: ["admin"]), by: fixture.admin)
                Issue.record("expected a conflict")
            } catch let problem as Problem {
                #expect(problem.status == .conflict && problem.code == "username_taken")
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func updatesNeedTheCurrentVersion(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let (user, _) = try await fixture.makeInvestor("lan")
            let updated = try await fixture.accounts.updateUser(user.id, .init(displayName: "Nguyễn Thị Lan"),
                                                                      expectedVersion: user.version, by: fixture.admin)
            #expect(updated.version == user.version + 1 && updated.displayName == "Nguyễn Thị Lan")
            await #expect(throws: Problem.staleVersion()) {
                try await fixture.accounts.updateUser(user.id, .init(displayName: "Late"), expectedVersion: user.version,
                                                            by: fixture.admin)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func passwordResetRevokesEverySession(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let (user, _) = try await fixture.makeInvestor("lan")
            let token = try await fixture.authentication.login(username: "lan", password: "investor password 1", clientAddress: nil)
            try await fixture.accounts.resetPassword(user.id, newPassword: "a brand new password", by: fixture.admin)
            await #expect(throws: Problem(.unauthorized, "token_revoked")) {
                try await fixture.authentication.authenticate(bearer: token.accessToken)
            }
            _ = try await fixture.authentication.login(username: "lan", password: "a brand new password", clientAddress: nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func listsArePaginatedByCursor(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            for index in 0..<7 {
                _ = try await fixture.accounts.createUser(
                    .init(organisationID: fixture.investorOrganisation.id, username: "user\(index)", displayName: "U\(index)",
                          password: "long enough password", roles: ["investor"]), by: fixture.admin)
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await fixture.accounts.users(organisation: fixture.investorOrganisation.id,
                                                                  page: try PageRequest(limit: 3, cursor: cursor), by: fixture.admin)
                #expect(page.items.count <= 3)
                seen += page.items.map(\.username)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == (0..<7).map { "user\($0)" })
        }
    }
}
