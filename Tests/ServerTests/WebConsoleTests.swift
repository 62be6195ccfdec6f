import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

/// The web console as a browser meets it: pages in the chosen language, sessions in an
/// HttpOnly cookie, forms refused without their CSRF token, and the same authorisation as
/// the API behind every page.
@Suite struct WebConsoleTests {
    /// The cookie a response sets, by name, as `name=value`.
    static func cookie(_ name: String, in response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }?.split(separator: ";").first.map(String.init)
    }

    /// The CSRF token a page's forms carry (derived from the session, not a cookie's copy).
    static func csrfField(in response: TestResponse) -> String? {
        guard let start = response.text.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(response.text[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test(arguments: TestDatabase.kinds)
    func theHomePageSpeaksVietnameseFirstAndSwitchesLanguage(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let home = try await app.request(.get, "/")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(home.text.contains("<html lang=\"vi\">"))
            #expect(home.text.contains("Khu thương mại tự do Hải Phòng"))
            let csp = try #require(home.headers[.contentSecurityPolicy])
            #expect(!csp.contains("unsafe-inline"))

            let korean = try await app.request(.get, "/?lang=ko")
            #expect(korean.text.contains("<html lang=\"ko\">"))
            #expect(korean.text.contains("하이퐁 자유무역지대"))
            let remembered = try #require(Self.cookie("ftz_lang", in: korean))
            let again = try await app.request(.get, "/verify", headers: ["Cookie": remembered])
            #expect(again.text.contains("증명서 번호"), "the language chosen is remembered")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anUnknownCertificateNumberIsSaidBesideTheField(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let page = try await app.request(.get, "/verify?number=9999999999&lang=ja")
            #expect(page.status == .notFound)
            #expect(page.text.contains("この番号の証明書は見つかりません。"))
            #expect(page.text.contains("aria-describedby=\"number-error\""))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func signingInNeedsTheFormsCSRFTokenAndEndsTheSessionOnLogout(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let form = try await app.request(.get, "/login")
            let csrfCookie = try #require(Self.cookie("ftz_csrf", in: form))
            #expect(form.headers[values: .setCookie].first?.contains("HttpOnly") == true)
            let csrf = try #require(Self.csrfField(in: form))
            #expect(csrf != String(csrfCookie.dropFirst("ftz_csrf=".count)), "the form's token is derived, not the cookie's copy")
            let credentials = "username=investor&password=\(ServerFixture.password.replacingOccurrences(of: " ", with: "+"))"
            let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": csrfCookie]

            let forged = try await app.request(.post, "/login", body: credentials, headers: headers)
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("Biểu mẫu đã hết hạn hoặc không hợp lệ"))
            #expect(Self.cookie("ftz_session", in: forged) == nil)

            let wrong = try await app.request(.post, "/login", body: "csrf=\(csrf)&username=investor&password=nope", headers: headers)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))

            let signedIn = try await app.request(.post, "/login", body: "csrf=\(csrf)&\(credentials)", headers: headers)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/dossiers")
            let session = try #require(Self.cookie("ftz_session", in: signedIn))
            let setCookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("ftz_session=") })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))

            #expect(signedIn.headers[values: .setCookie].contains { $0.hasPrefix("ftz_csrf=;") && $0.contains("Max-Age=0") },
                    "the anonymous nonce is retired at sign-in")
            let browser = ["Cookie": "\(csrfCookie); \(session)"]
            let mine = try await app.request(.get, "/dossiers", headers: browser)
            #expect(mine.status == .ok)
            #expect(mine.text.contains("Hồ sơ của tôi"))
            // Signing in rotates the token: the one from before no longer posts, the session's does.
            let sessionCSRF = try #require(Self.csrfField(in: mine))
            #expect(sessionCSRF != csrf)
            let stale = try await app.request(.post, "/logout", body: "csrf=\(csrf)",
                                              headers: browser.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 })
            #expect(stale.status == .forbidden, "a token from before sign-in is refused")

            let bearer = String(session.dropFirst("ftz_session=".count))
            #expect(try await app.request(.get, "/v1/me", token: bearer).status == .ok, "the cookie holds the same token as the API")
            let logout = try await app.request(.post, "/logout", body: "csrf=\(sessionCSRF)",
                                               headers: browser.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 })
            #expect(logout.status == .seeOther)
            #expect(try await app.request(.get, "/v1/me", token: bearer).status == .unauthorized, "logout ends the session on the server")
            let after = try await app.request(.get, "/dossiers", headers: browser)
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/login?next=%2Fdossiers")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func signingInReturnsToThePageAskedForAndNeverToAnotherSite(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let asked = try await app.request(.get, "/dossiers/new?procedure=WORK-PERMIT-CONFIRMATION")
            #expect(asked.status == .seeOther)
            let location = try #require(asked.headers[.location])
            #expect(location == "/login?next=%2Fdossiers%2Fnew%3Fprocedure%3DWORK%2DPERMIT%2DCONFIRMATION")
            let form = try await app.request(.get, location)
            #expect(form.text.contains("<input type=\"hidden\" name=\"next\" value=\"/dossiers/new?procedure=WORK-PERMIT-CONFIRMATION\">"))
            let csrfCookie = try #require(Self.cookie("ftz_csrf", in: form))
            let csrf = try #require(Self.csrfField(in: form))
            let password = ServerFixture.password.replacingOccurrences(of: " ", with: "+")
            func signIn(next: String) async throws -> String? {
                let body = "csrf=\(csrf)&username=investor&password=\(password)&next=\(next)"
                let answer = try await app.request(.post, "/login", body: body,
                                                   headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": csrfCookie])
                return answer.headers[.location]
            }
            #expect(try await signIn(next: "%2Fdossiers%2Fnew%3Fprocedure%3DWORK-PERMIT-CONFIRMATION") == "/dossiers/new?procedure=WORK-PERMIT-CONFIRMATION")
            #expect(try await signIn(next: "%2F%2Fevil.example%2F") == "/dossiers", "a path read as another site is ignored")
            #expect(try await signIn(next: "https%3A%2F%2Fevil.example%2F") == "/dossiers")
            #expect(try await signIn(next: "%2F%5Cevil.example") == "/dossiers")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aBrowserMeetsPagesInItsLanguageWhereAProgramGetsProblemDocuments(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let html = ["Accept": "text/html,application/xhtml+xml", "Accept-Language": "ja"]
            let unknown = try await app.request(.get, "/no-such-page", headers: html)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(unknown.text.contains("<h1>ページが見つかりません</h1>"))
            #expect(!unknown.text.contains("openapi"), "no developer wording for a person")
            let oversized = try await app.request(.post, "/login", body: String(repeating: "a", count: 2 << 20),
                                                  headers: html.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 })
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.text.contains("送信内容が上限の 1 MB を超えています"), "the limit in units a person reads")
            let api = try await app.request(.get, "/v1/no-such-endpoint", headers: html)
            #expect(api.headers[.contentType] == "application/problem+json", "the API answers programs whatever they accept")
            let program = try await app.request(.get, "/no-such-page")
            #expect(program.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func staffSeeTheQueueAndInvestorsOnlyTheirOwn(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let created = try await app.request(.post, "/v1/dossiers", token: app.investorToken,
                                                json: ["procedureCode": "IRC-NEW", "form": [:] as [String: Any]])
            #expect(created.status == .created)
            let officer = try await app.request(.get, "/dossiers?lang=en", headers: ["Cookie": "ftz_session=\(app.officerToken)"])
            #expect(officer.text.contains("Dossier queue"))
            let other = try await app.request(.get, "/dossiers?lang=en", headers: ["Cookie": "ftz_session=\(app.otherInvestorToken)"])
            #expect(other.text.contains("My applications"))
            #expect(other.text.contains("There are no dossiers."), "another enterprise's draft is not listed")
            let own = try await app.request(.get, "/dossiers?lang=en", headers: ["Cookie": "ftz_session=\(app.investorToken)"])
            let id = try #require(created.json["id"] as? String)
            #expect(own.text.contains("href=\"/dossiers/\(id)\""))
        }
    }
}
