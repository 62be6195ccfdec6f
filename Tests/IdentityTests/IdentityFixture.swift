import FTZCore
import Foundation
import Identity
import Ledger
import Storage
import TestSupport

/// Identity services over a fresh database, with a hand-driven clock and cheap bcrypt.
struct IdentityFixture {
    let database: Database
    let clock: ManualWallClock
    let authentication: AuthenticationService
    let organisations: OrganisationService
    let accounts: AccountService
    let clients: ClientService
    let zone: Organisation
    let investorOrganisation: Organisation
    let otherInvestorOrganisation: Organisation
    let admin: Actor

    static func with<R: Sendable>(_ kind: DatabaseKind, configure: (inout IdentityConfiguration) -> Void = { _ in },
                                  _ body: (IdentityFixture) async throws -> R) async throws -> R {
        try await TestDatabase.withFresh(kind) { database in
            let clock = ManualWallClock(testEpoch)
            var configuration = IdentityConfiguration()
            configuration.bcryptCost = 4
            configure(&configuration)
            let ledger = Ledger(database: database, clock: clock)
            let authentication = AuthenticationService(database: database, ledger: ledger, clock: clock, configuration: configuration,
                                                       logger: TestDatabase.logger)
            let base = IdentityBase(database: database, ledger: ledger, clock: clock, authentication: authentication)
            let accounts = AccountService(base: base)
            let organisations = OrganisationService(base: base, accounts: accounts)
            let system = Actor.system("test")
            let zone = try await organisations.insertOrganisation(.init(kind: .zoneAuthority, name: "EZA", country: "VN"), by: system)
            let investor = try await organisations.insertOrganisation(
                .init(kind: .investorEnterprise, name: "Sao Biển Co.", country: "VN", taxCode: "0201234569"), by: system)
            let other = try await organisations.insertOrganisation(
                .init(kind: .investorEnterprise, name: "株式会社ハイフォン", nameLatin: "Haiphong KK", country: "JP"), by: system)
            let adminUser = try await accounts.insertUser(
                .init(organisationID: zone.id, username: "root", displayName: "Root", password: "correct horse battery", roles: ["admin"]),
                by: system)
            let admin = Actor(principal: .user(adminUser.id), organisationID: zone.id, organisationKind: .zoneAuthority, roles: [.admin])
            return try await body(IdentityFixture(database: database, clock: clock, authentication: authentication,
                                                  organisations: organisations, accounts: accounts, clients: ClientService(base: base), zone: zone, investorOrganisation: investor,
                                                  otherInvestorOrganisation: other, admin: admin))
        }
    }

    func makeInvestor(_ username: String, in organisation: Organisation? = nil) async throws -> (User, Actor) {
        let organisation = organisation ?? investorOrganisation
        let user = try await accounts.createUser(.init(organisationID: organisation.id, username: username, displayName: username,
                                                             password: "investor password 1", roles: ["investor"]), by: admin)
        let token = try await authentication.login(username: username, password: "investor password 1", clientAddress: "192.0.2.1")
        return (user, try await authentication.authenticate(bearer: token.accessToken))
    }

    func ledgerSize() async throws -> Int {
        try await database.read { try await $0.raw("SELECT size FROM ledger_head").first()!.decode(column: "size", as: Int.self) }
    }
}
