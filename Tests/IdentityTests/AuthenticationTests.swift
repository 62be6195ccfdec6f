import FTZCore
import Foundation
import Identity
import Testing
import TestSupport

@Suite("Authentication")
struct AuthenticationTests {
    @Test(arguments: TestDatabase.kinds)
    func loginIssuesATokenThatAuthenticatesUntilItExpires(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let before = try await fixture.ledgerSize()
            let token = try await fixture.authentication.login(username: " ROOT ", password: "correct horse battery", clientAddress: nil)
            #expect(token.accessToken.hasPrefix("ftz_") && token.accessToken.count > 40)
            #expect(try await fixture.ledgerSize() == before + 1, "issuing a token is logged")
            let actor = try await fixture.authentication.authenticate(bearer: token.accessToken)
            #expect(actor.has(.admin) && actor.organisationID == fixture.zone.id)

            fixture.clock.advance(by: 12 * 3600 + 1)
            await #expect(throws: Problem(.unauthorized, "token_expired")) {
                try await fixture.authentication.authenticate(bearer: token.accessToken)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func tokensAreStoredOnlyAsDigests(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let token = try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: nil)
            let rows = try await fixture.database.read { try await $0.raw("SELECT token_hash FROM access_tokens").all() }
            for row in rows {
                let stored = try row.decode(column: "token_hash", as: Data.self)
                #expect(stored.count == 32)
                #expect(!String(decoding: stored, as: UTF8.self).contains(token.accessToken))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func wrongPasswordAndUnknownAccountLookAlike(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let expected = Problem(.unauthorized, "invalid_credentials")
            await #expect(throws: expected) {
                try await fixture.authentication.login(username: "root", password: "wrong password!", clientAddress: nil)
            }
            await #expect(throws: expected) {
                try await fixture.authentication.login(username: "nobody", password: "wrong password!", clientAddress: nil)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func repeatedFailuresLockTheAccountNameWithRetryAfter(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            for _ in 0..<5 {
                await #expect(throws: Problem(.unauthorized, "invalid_credentials")) {
                    try await fixture.authentication.login(username: "root", password: "not the password", clientAddress: "198.51.100.7")
                }
            }
            // Locked now, even with the right password, and the same for a name that is no account.
            var locked: Problem?
            do { _ = try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: "203.0.113.9") }
            catch let problem as Problem { locked = problem }
            #expect(locked?.status == .tooManyRequests && locked?.code == "login_locked")
            #expect((locked?.retryAfter ?? 0) > 0 && (locked?.retryAfter ?? 0) <= 30)

            for _ in 0..<5 {
                _ = try? await fixture.authentication.login(username: "ghost", password: "not the password", clientAddress: "203.0.113.10")
            }
            await #expect(throws: Problem(.tooManyRequests, "login_locked", retryAfter: 30)) {
                try await fixture.authentication.login(username: "ghost", password: "whatever", clientAddress: "203.0.113.10")
            }

            fixture.clock.advance(by: 31)
            let token = try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: "203.0.113.9")
            #expect(!token.accessToken.isEmpty)
        }
    }

    /// Every name or address ever tried kept its counter row for good (security review,
    /// issue 33); housekeeping now deletes those that no longer decide anything.
    @Test(arguments: TestDatabase.kinds)
    func spentLoginCountersArePurgedAndLiveOnesKept(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            for name in ["n1", "n2"] {
                _ = try? await fixture.authentication.login(username: name, password: "not the password", clientAddress: "198.51.100.20")
            }
            #expect(try await fixture.authentication.purgeSpentLoginCounters() == 0, "windows still open")
            for _ in 0..<5 { _ = try? await fixture.authentication.login(username: "root", password: "nope nope nope", clientAddress: "198.51.100.21") }
            fixture.clock.advance(by: 15 * 60 + 1)
            // The account's lock (30 s) has passed and every window has closed: only now nothing is kept.
            let purged = try await fixture.authentication.purgeSpentLoginCounters()
            #expect(purged == 5, "n1, n2, root and the two addresses: \(purged)")
            #expect(try await fixture.authentication.purgeSpentLoginCounters() == 0)
            // Purging changed nothing a caller can notice: the next failures count from one again.
            _ = try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: "198.51.100.21")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func oneAddressFailingOnManyAccountsIsLocked(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind, configure: { $0.addressFailureLimit = 3 }) { fixture in
            for name in ["a1", "a2", "a3"] {
                _ = try? await fixture.authentication.login(username: name, password: "nope nope nope", clientAddress: "192.0.2.55")
            }
            await #expect(throws: Problem(.tooManyRequests, "login_locked", retryAfter: 30)) {
                try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: "192.0.2.55")
            }
            // Another address is not affected.
            _ = try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: "192.0.2.56")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func logoutRevokesOnlyThatToken(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let first = try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: nil)
            let second = try await fixture.authentication.login(username: "root", password: "correct horse battery", clientAddress: nil)
            let actor = try await fixture.authentication.authenticate(bearer: first.accessToken)
            try await fixture.authentication.logout(actor)
            await #expect(throws: Problem(.unauthorized, "token_revoked")) {
                try await fixture.authentication.authenticate(bearer: first.accessToken)
            }
            _ = try await fixture.authentication.authenticate(bearer: second.accessToken)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func clientCredentialsHonourGrantedScopes(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let customs = try await fixture.organisations.createOrganisation(.init(kind: .customs, name: "Customs", country: "VN"),
                                                                              by: fixture.admin)
            let issued = try await fixture.clients.createClient(
                .init(organisationID: customs.id, name: "feed", roles: ["data_feed"], scopes: ["feeds:write"]), by: fixture.admin)
            let token = try await fixture.authentication.clientCredentials(clientID: issued.client.clientID, clientSecret: issued.clientSecret,
                                                                          requestedScopes: nil)
            let actor = try await fixture.authentication.authenticate(bearer: token.accessToken)
            #expect(actor.scopes == ["feeds:write"] && actor.has(.dataFeed) && actor.principal == .client(issued.client.id))

            await #expect(throws: Problem.self) {
                try await fixture.authentication.clientCredentials(clientID: issued.client.clientID, clientSecret: issued.clientSecret,
                                                                   requestedScopes: ["exchange:query"])
            }
            await #expect(throws: Problem(.unauthorized, "invalid_client")) {
                try await fixture.authentication.clientCredentials(clientID: issued.client.clientID, clientSecret: "guess",
                                                                   requestedScopes: nil)
            }
            #expect(try await fixture.clients.revokeTokens(ofClient: issued.client.id, by: fixture.admin) == 1)
            await #expect(throws: Problem(.unauthorized, "token_revoked")) {
                try await fixture.authentication.authenticate(bearer: token.accessToken)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func disablingAUserEndsTheirSessionsAtOnce(kind: DatabaseKind) async throws {
        try await IdentityFixture.with(kind) { fixture in
            let (user, actor) = try await fixture.makeInvestor("lan")
            #expect(actor.has(.investor))
            let token = try await fixture.authentication.login(username: "lan", password: "investor password 1", clientAddress: nil)
            _ = try await fixture.accounts.updateUser(user.id, .init(disabled: true), expectedVersion: user.version, by: fixture.admin)
            await #expect(throws: Problem(.unauthorized, "token_invalid")) {
                try await fixture.authentication.authenticate(bearer: token.accessToken)
            }
            await #expect(throws: Problem(.unauthorized, "invalid_credentials")) {
                try await fixture.authentication.login(username: "lan", password: "investor password 1", clientAddress: nil)
            }
        }
    }
}
