import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Investor self-service over HTTP: registration, details, invitations, API clients")
struct SelfServiceAPITests {
    static var registration: [String: Any] { [
        "name": "한빛전자 주식회사", "nameLatin": "Hanbit Electronics Co., Ltd.", "country": "KR", "parentRegistration": "110111-1234567",
        "preferredLanguage": "ko", "username": "hanbit.kim", "displayName": "김민준", "email": "minjun.kim@hanbit.example",
        "password": ServerFixture.password,
    ] }

    static func login(_ app: ServerFixture, _ username: String) async throws -> String {
        let response = try await app.request(.post, "/v1/auth/login", json: ["username": username, "password": ServerFixture.password])
        try #require(response.status == .ok, "\(response.text)")
        return try #require(response.json["accessToken"] as? String ?? response.json["access_token"] as? String)
    }

    /// Security review (issue 33): a tax code typed in at self-registration, never verified,
    /// blocked the real enterprise from being created with it.
    @Test(arguments: TestDatabase.kinds)
    func anUnverifiedTaxCodeClaimDoesNotBlockTheRealEnterprise(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            var squatter = Self.registration
            squatter["taxCode"] = "0201234576"
            let claimed = try await app.request(.post, "/v1/registrations", json: squatter)
            #expect(claimed.status == .created, "\(claimed.text)")
            let claimID = try #require((claimed.json["organisation"] as? [String: Any])?["id"] as? String)
            #expect((claimed.json["organisation"] as? [String: Any])?["taxCodeVerified"] as? Bool == false)
            // The authority registers the enterprise that really holds the code.
            let real = try await app.request(.post, "/v1/organisations", token: app.adminToken,
                                             json: ["kind": "investor_enterprise", "name": "Công ty Thật", "country": "VN", "taxCode": "0201234576"])
            #expect(real.status == .created, "the claim does not block it: \(real.text)")
            let realID = try #require(real.json["id"] as? String)
            #expect(try await app.services.directory.organisation(taxCode: try TaxCode("0201234576"))?.id.uuidString.lowercased() == realID)
            // The claim can no longer be confirmed, and nobody may claim a verified code.
            let current = try await app.request(.get, "/v1/organisations/\(claimID)", token: app.adminToken)
            let confirm = try await app.request(.patch, "/v1/organisations/\(claimID)", token: app.adminToken, json: ["taxCode": "0201234576"],
                                                headers: ["If-Match": try #require(current.headers[.eTag])])
            #expect(confirm.status == .conflict && confirm.problemPointers == ["/taxCode"], "\(confirm.text)")
            var late = Self.registration
            late["taxCode"] = "0201234576"
            late["username"] = "late.claimant"
            let refused = try await app.request(.post, "/v1/registrations", json: late)
            #expect(refused.status == .conflict && refused.problemPointers == ["/taxCode"], "\(refused.text)")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anInvestorRegistersItselfAndKeepsItsDetailsCurrent(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let registered = try await app.request(.post, "/v1/registrations", json: Self.registration)
            #expect(registered.status == .created, "\(registered.text)")
            let organisation = try #require(registered.json["organisation"] as? [String: Any])
            #expect(organisation["kind"] as? String == "investor_enterprise" && organisation["name"] as? String == "한빛전자 주식회사")
            #expect(organisation["parentRegistration"] as? String == "110111-1234567" && organisation["taxCode"] == nil)
            #expect((registered.json["user"] as? [String: Any])?["roles"] as? [String] == ["investor"])
            let id = try #require(organisation["id"] as? String)
            #expect(registered.headers[.location] == "/v1/organisations/\(id)")

            let token = try await Self.login(app, "hanbit.kim")
            let current = try await app.request(.get, "/v1/organisations/\(id)", token: token)
            let etag = try #require(current.headers[.eTag])
            let noIfMatch = try await app.request(.patch, "/v1/organisations/\(id)", token: token, json: ["taxCode": "0201234571"])
            #expect(noIfMatch.status == .preconditionRequired)
            let badTaxCode = try await app.request(.patch, "/v1/organisations/\(id)", token: token, json: ["taxCode": "0201234568"],
                                                   headers: ["If-Match": etag])
            #expect(badTaxCode.status == .unprocessableContent && badTaxCode.problemPointers == ["/taxCode"], "\(badTaxCode.text)")
            let taken = try await app.request(.patch, "/v1/organisations/\(id)", token: token, json: ["taxCode": "0201234569"],
                                              headers: ["If-Match": etag])
            #expect(taken.status == .conflict, "the fixture's enterprise holds this tax code: \(taken.text)")
            let issued = try await app.request(.patch, "/v1/organisations/\(id)", token: token,
                                               json: ["taxCode": "0201234576", "preferredLanguage": "en"], headers: ["If-Match": etag])
            #expect(issued.status == .ok && issued.json["taxCode"] as? String == "0201234576", "\(issued.text)")
            #expect(issued.json["preferredLanguage"] as? String == "en" && issued.headers[.eTag] != etag)
            #expect(issued.headers[.init("Ledger-Receipt")!] != nil)
            // A tax code entered by the investor links no customs or shared data until the authority confirms it.
            #expect(issued.json["taxCodeVerified"] as? Bool == false)
            let taxCode = try TaxCode("0201234576")
            #expect(try await app.services.directory.organisation(taxCode: taxCode) == nil)
            let confirmed = try await app.request(.patch, "/v1/organisations/\(id)", token: app.adminToken, json: ["taxCode": "0201234576"],
                                                  headers: ["If-Match": try #require(issued.headers[.eTag])])
            #expect(confirmed.status == .ok && confirmed.json["taxCodeVerified"] as? Bool == true, "\(confirmed.text)")
            #expect(try await app.services.directory.organisation(taxCode: taxCode)?.id.uuidString.lowercased() == id)
            let changeConfirmed = try await app.request(.patch, "/v1/organisations/\(id)", token: token, json: ["taxCode": "0201234583"],
                                                        headers: ["If-Match": try #require(confirmed.headers[.eTag])])
            #expect(changeConfirmed.status == .conflict && changeConfirmed.problemPointers == ["/taxCode"], "\(changeConfirmed.text)")
            let stale = try await app.request(.patch, "/v1/organisations/\(id)", token: token, json: ["nameLatin": "Hanbit"],
                                              headers: ["If-Match": etag])
            #expect(stale.status == .preconditionFailed)
            let others = try await app.request(.patch, "/v1/organisations/\(app.investorOrganisation.id.uuidString.lowercased())", token: token,
                                               json: ["nameLatin": "Taken Over"], headers: ["If-Match": "\"1\""])
            #expect(others.status == .notFound)
            let me = try await app.request(.get, "/v1/me", token: token)
            #expect(((me.json["organisation"] as? [String: Any])?["taxCode"] as? String) == "0201234576", "the profile shows the change at once")
            let machineFree = try await app.request(.post, "/v1/organisations/\(id)/invitations", token: token, json: ["email": "a@b.example"])
            #expect(machineFree.status == .created, "a person may invite: \(machineFree.text)")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func registrationsAreValidatedAndLimited(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.selfServicePerHour = 2 }) { app in
            var wrong = Self.registration
            wrong["country"] = "XX"
            wrong["nameLatin"] = "한빛"
            wrong["password"] = "short"
            wrong["parentRegistration"] = "<script>"
            wrong["preferredLanguage"] = "fr"
            wrong["name"] = "Hanbit\u{0}"
            let invalid = try await app.request(.post, "/v1/registrations", json: wrong)
            #expect(invalid.status == .unprocessableContent && invalid.isProblem)
            #expect(Set(invalid.problemPointers) == ["/country", "/nameLatin", "/password", "/parentRegistration", "/preferredLanguage", "/name"],
                    "\(invalid.text)")
            var missing = Self.registration
            missing.removeValue(forKey: "username")
            #expect(try await app.request(.post, "/v1/registrations", json: missing).problemPointers == ["/username"])

            var takenName = Self.registration
            takenName["username"] = "investor"
            let taken = try await app.request(.post, "/v1/registrations", json: takenName)
            #expect(taken.status == .conflict && taken.problemPointers == ["/username"])
            // Every attempt counts (refused ones too, so usernames cannot be probed at leisure): the third is one too many.
            let limited = try await app.request(.post, "/v1/registrations", json: Self.registration)
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil, "\(limited.text)")
            // Nothing half-made: the refused registration left no organisation behind.
            let organisations = try await app.request(.get, "/v1/organisations?kind=investor_enterprise&limit=50", token: app.adminToken)
            #expect((organisations.json["items"] as? [Any])?.count == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func colleaguesJoinByInvitationOnce(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let organisation = app.investorOrganisation.id.uuidString.lowercased()
            let invited = try await app.request(.post, "/v1/organisations/\(organisation)/invitations", token: app.investorToken,
                                                json: ["email": "lan.nguyen@saobien.example"])
            #expect(invited.status == .created && invited.json["state"] as? String == "pending", "\(invited.text)")
            let token = try #require(invited.json["token"] as? String)
            let listed = try await app.request(.get, "/v1/organisations/\(organisation)/invitations", token: app.investorToken)
            let first = try #require((listed.json["items"] as? [[String: Any]])?.first)
            #expect(first["token"] == nil && first["email"] as? String == "lan.nguyen@saobien.example")
            #expect(try await app.request(.get, "/v1/organisations/\(organisation)/invitations", token: app.otherInvestorToken).status == .notFound)
            #expect(try await app.request(.post, "/v1/organisations/\(organisation)/invitations", token: app.otherInvestorToken,
                                          json: ["email": "x@y.example"]).status == .notFound)
            let badEmail = try await app.request(.post, "/v1/organisations/\(organisation)/invitations", token: app.investorToken,
                                                 json: ["email": "not an address"])
            #expect(badEmail.status == .unprocessableContent && badEmail.problemPointers == ["/email"])

            let accepted = try await app.request(.post, "/v1/invitations/accept", json: [
                "token": token, "username": "lan.nguyen", "displayName": "Nguyễn Thị Lan", "password": ServerFixture.password,
            ])
            #expect(accepted.status == .created, "\(accepted.text)")
            #expect(accepted.json["organisationId"] as? String == organisation && accepted.json["email"] as? String == "lan.nguyen@saobien.example")
            let colleague = try await Self.login(app, "lan.nguyen")
            let dossiers = try await app.request(.get, "/v1/dossiers", token: colleague)
            #expect(dossiers.status == .ok, "the colleague works as an investor of the enterprise")

            let again = try await app.request(.post, "/v1/invitations/accept", json: [
                "token": token, "username": "lan.nguyen2", "displayName": "Lan", "password": ServerFixture.password,
            ])
            #expect(again.status == .unprocessableContent && again.problemPointers == ["/token"], "a token works once")
            let invitationID = try #require(invited.json["id"] as? String)
            #expect(try await app.request(.delete, "/v1/invitations/\(invitationID)", token: app.investorToken).status == .conflict)

            let second = try await app.request(.post, "/v1/organisations/\(organisation)/invitations", token: app.investorToken,
                                               json: ["email": "hung.tran@saobien.example"])
            let secondID = try #require(second.json["id"] as? String)
            #expect(try await app.request(.delete, "/v1/invitations/\(secondID)", token: app.otherInvestorToken).status == .notFound)
            let revoked = try await app.request(.delete, "/v1/invitations/\(secondID)", token: app.investorToken)
            #expect(revoked.status == .ok && revoked.json["state"] as? String == "revoked")
            let late = try await app.request(.post, "/v1/invitations/accept", json: [
                "token": try #require(second.json["token"] as? String), "username": "hung.tran", "displayName": "Trần Hùng",
                "password": ServerFixture.password,
            ])
            #expect(late.status == .unprocessableContent && late.problemPointers == ["/token"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func investorsRunTheirOwnAPIClients(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let organisation = app.investorOrganisation.id.uuidString.lowercased()
            let created = try await app.request(.post, "/v1/clients", token: app.investorToken, json: [
                "organisationId": organisation, "name": "ERP integration", "roles": ["investor"], "scopes": [String](),
            ])
            #expect(created.status == .created, "\(created.text)")
            let clientID = try #require((created.json["client"] as? [String: Any])?["clientId"] as? String)
            let id = try #require((created.json["client"] as? [String: Any])?["id"] as? String)
            let secret = try #require(created.json["clientSecret"] as? String)
            let grant = "grant_type=client_credentials&client_id=\(clientID)&client_secret=\(secret)"
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let issued = try await app.request(.post, "/v1/oauth/token", body: grant, headers: form)
            let machine = try #require(issued.json["access_token"] as? String)
            #expect(try await app.request(.get, "/v1/dossiers", token: machine).status == .ok, "the ERP reads the enterprise's dossiers")
            let minted = try await app.request(.post, "/v1/clients", token: machine, json: [
                "organisationId": organisation, "name": "Offspring", "roles": ["investor"], "scopes": [String](),
            ])
            #expect(minted.status == .forbidden, "software cannot make more software that would outlive it: \(minted.text)")
            #expect(try await app.request(.post, "/v1/organisations/\(organisation)/invitations", token: machine,
                                          json: ["email": "x@saobien.example"]).status == .forbidden)

            let admin = try await app.request(.post, "/v1/clients", token: app.investorToken, json: [
                "organisationId": organisation, "name": "Sneaky", "roles": ["investor", "admin"], "scopes": [String](),
            ])
            #expect(admin.status == .unprocessableContent && admin.problemPointers == ["/roles/1"], "\(admin.text)")
            let elsewhere = try await app.request(.post, "/v1/clients", token: app.investorToken, json: [
                "organisationId": app.otherInvestorOrganisation.id.uuidString.lowercased(), "name": "Elsewhere", "roles": ["investor"],
                "scopes": [String](),
            ])
            #expect(elsewhere.status == .unprocessableContent && elsewhere.problemPointers == ["/organisationId"])
            let scoped = try await app.request(.post, "/v1/clients", token: app.investorToken, json: [
                "organisationId": organisation, "name": "Feeds", "roles": ["investor"], "scopes": ["feeds:write"],
            ])
            #expect(scoped.status == .unprocessableContent && scoped.problemPointers == ["/scopes"])

            let list = try await app.request(.get, "/v1/clients", token: app.investorToken)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["ERP integration"])
            #expect(try await app.request(.delete, "/v1/clients/\(id)", token: app.otherInvestorToken).status == .notFound)
            let disabled = try await app.request(.delete, "/v1/clients/\(id)", token: app.investorToken)
            #expect(disabled.status == .ok && disabled.json["disabled"] as? Bool == true)
            #expect(try await app.request(.get, "/v1/dossiers", token: machine).status == .unauthorized, "its tokens end with it")
            #expect(try await app.request(.post, "/v1/oauth/token", body: grant, headers: form).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func notificationsFollowANewlyChosenLanguage(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let organisation = app.investorOrganisation.id.uuidString.lowercased()
            let current = try await app.request(.get, "/v1/organisations/\(organisation)", token: app.investorToken)
            let changed = try await app.request(.patch, "/v1/organisations/\(organisation)", token: app.investorToken,
                                                json: ["preferredLanguage": "ja"], headers: ["If-Match": try #require(current.headers[.eTag])])
            #expect(changed.status == .ok, "\(changed.text)")
            _ = try await NotificationAPITests.submitAndStartCheck(app)
            try await app.services.notifications.project()
            let inbox = try await app.request(.get, "/v1/notifications", token: app.investorToken)
            let newest = try #require((inbox.json["items"] as? [[String: Any]])?.first)
            #expect(newest["language"] as? String == "ja")
            let title = try #require(newest["title"] as? String)
            #expect(title.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }, "\(title)")
        }
    }
}

@Suite("Self-service under concurrent requests")
struct SelfServiceRaceTests {
    /// Eight registrations of one username at once: one account, seven clear 409s, no 500.
    @Test(arguments: TestDatabase.kinds)
    func racingRegistrationsGetConflictsNotErrors(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.selfServicePerHour = 100 }) { app in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for number in 0..<8 {
                    group.addTask {
                        var registration = SelfServiceAPITests.registration
                        registration["name"] = "Racer \(number)"
                        registration["nameLatin"] = "Racer \(number)"
                        return Int(try await app.request(.post, "/v1/registrations", json: registration).status.code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1 && statuses.filter { $0 == 409 }.count == 7, "\(statuses.sorted())")
        }
    }
}
