import Foundation
import HTTPTypes
import Storage
import Testing
import TestSupport

/// Administrators manage people's accounts in the browser: create one (what is refused said
/// beside its field), change roles, disable, give a new password that signs the person out.
@Suite struct WebConsoleUserAdministrationTests {
    @Test(arguments: TestDatabase.kinds)
    func anAdministratorCreatesChangesDisablesAndResetsAnAccount(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let admin = try await WebConsoleDossierTests.Browser(app, token: app.adminToken)
            let form = try await admin.get(app, "/admin/users/new")
            #expect(form.status == .ok)
            let organisation = try #require(form.text.firstMatch(of: #/<option value="([0-9a-f-]{36})">Công ty Sao Biển</option>/#).map { String($0.output.1) })
            #expect(form.text.contains("> Authority officer</label>"), "roles by name, not code")

            let refused = try await admin.post(app, "/admin/users", [("organisationId", organisation), ("displayName", "Lê Văn Tám"),
                                                                     ("username", "le.van.tam"), ("password", "short"), ("roles", "investor")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"password-error\""), "the refusal beside the password")
            #expect(refused.text.contains("value=\"le.van.tam\""), "what was typed is kept")

            let password = "một câu dài dễ nhớ"
            let created = try await admin.post(app, "/admin/users", [("organisationId", organisation), ("displayName", "Lê Văn Tám"),
                                                                     ("username", "le.van.tam"), ("password", password), ("roles", "investor")])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let id = String(location.dropFirst("/admin/users/".count).prefix(36))
            let token = try await app.services.authentication.login(username: "le.van.tam", password: password, clientAddress: nil).accessToken

            let list = try await admin.get(app, "/admin/users")
            #expect(list.text.contains("<a href=\"/admin/users/\(id)\">Lê Văn Tám</a>"))
            #expect(list.text.contains("<td>Investor</td>"))

            let disabled = try await admin.post(app, "/admin/users/\(id)", [("version", "1"), ("displayName", "Lê Văn Tám"), ("email", ""),
                                                                             ("roles", "investor"), ("disabled", "yes")])
            #expect(disabled.status == .seeOther)
            #expect(try await app.request(.get, "/v1/me", token: token).status == .unauthorized, "a disabled account is out at once")
            let stale = try await admin.post(app, "/admin/users/\(id)", [("version", "1"), ("displayName", "X"), ("roles", "investor")])
            #expect(stale.status == .preconditionFailed)

            let reset = try await admin.post(app, "/admin/users/\(id)/password", [("password", "short")])
            #expect(reset.status == .unprocessableContent && reset.text.contains("id=\"new-password-error\""))
            #expect(try await admin.post(app, "/admin/users/\(id)/password", [("password", "một mật khẩu mới dài")]).status == .seeOther)

            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            #expect(try await investor.get(app, "/admin/users").status == .forbidden)
        }
    }
}
