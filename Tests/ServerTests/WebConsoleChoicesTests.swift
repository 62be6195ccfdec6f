import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// Choices instead of codes (issue 28, item 6): a country is picked by its name in the reader's
/// language, an economic activity by its code or name, what an input expects is said before
/// any error, dates are kept in order, and the public guide keeps whatever was typed whole.
@Suite struct WebConsoleChoicesTests {
    typealias Browser = WebConsoleDossierTests.Browser

    /// The same signed-in browser reading in another language.
    static func get(_ app: ServerFixture, _ browser: Browser, _ path: String, language: String) async throws -> TestResponse {
        try await app.request(.get, path, headers: ["Cookie": browser.cookies.replacingOccurrences(of: "ftz_lang=en", with: "ftz_lang=\(language)")])
    }

    static func post(_ app: ServerFixture, _ browser: Browser, _ path: String, _ fields: [(String, String)], language: String) async throws
        -> TestResponse
    {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = ([("csrf", browser.csrf)] + fields).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
        return try await app.request(.post, path, body: body, headers: [
            "Cookie": browser.cookies.replacingOccurrences(of: "ftz_lang=en", with: "ftz_lang=\(language)"),
            "Content-Type": "application/x-www-form-urlencoded",
        ])
    }

    /// What a browser leaves unencoded in a query: ASCII letters and digits (the rest is percent-encoded UTF-8).
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// The `<select>` of a field, from its opening tag to its end.
    static func select(_ name: String, in page: String) -> String {
        guard let start = page.range(of: "<select id=\"field-\(name)\""), let end = page.range(of: "</select>", range: start.upperBound..<page.endIndex)
        else { return "" }
        return String(page[start.lowerBound..<end.upperBound])
    }

    @Test(arguments: TestDatabase.kinds)
    func theNationalityIsChosenByNameAndTheFormatsAreSaidBeforehand(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let investor = try await Browser(app, token: app.investorToken)
            let form = try await Self.get(app, investor, "/dossiers/new?procedure=WORK-PERMIT-CONFIRMATION", language: "ja")
            #expect(form.status == .ok)
            let nationality = Self.select("nationality", in: form.text)
            #expect(nationality.contains("<option value=\"KR\">韓国</option>"), "the name in the reader's language, the code underneath")
            #expect(nationality.contains("<option value=\"CN\">中国</option>"))
            let names = nationality.matches(of: /<option value="[A-Z]{2}"[^>]*>([^<]+)<\/option>/).map { String($0.1) }
            #expect(names.count == 249)
            #expect(names.firstIndex(of: "アメリカ合衆国")! < names.firstIndex(of: "ベトナム")!, "sorted by name, not by code")

            // What each input expects, under its label and read with it.
            #expect(form.text.contains("<p class=\"hint\" id=\"field-passportNumber-hint\">6〜12文字：半角英大文字（A–Z）と数字、スペースなし。</p>"))
            #expect(form.text.contains("aria-describedby=\"field-passportNumber-hint\""))
            #expect(form.text.contains("id=\"field-employerTaxCode-hint\">納税者番号は10桁の数字です。"))
            #expect(form.text.contains("id=\"field-endDate-hint\">カレンダーから選ぶか、年月日を入力してください。「就労開始予定日」の日付より前の日付は入力できません。</p>"))

            let exemption = try await Self.get(app, investor, "/dossiers/new?procedure=WORK-PERMIT-EXEMPTION", language: "en")
            #expect(Self.select("nationality", in: exemption.text).contains("<option value=\"KR\">South Korea</option>"))
            #expect(!exemption.text.contains("id=\"field-nationality-hint\""), "a list of names needs no format explained")

            // Chosen by name, kept as the code, and shown by name again.
            let fields = WebConsoleDossierTests.workPermit
            let saved = try await Self.post(app, investor, "/dossiers/new", fields, language: "vi")
            #expect(saved.status == .seeOther)
            let id = try WebConsoleDossierTests.dossierID(saved)
            let page = try await Self.get(app, investor, "/dossiers/\(id)", language: "vi")
            #expect(page.text.contains("<dd>Hàn Quốc</dd>"))
            let stored = try await app.request(.get, "/v1/dossiers/\(id)", token: app.investorToken)
            #expect((stored.json["form"] as? [String: Any])?["nationality"] as? String == "KR")
            let again = try await Self.get(app, investor, "/dossiers/\(id)/form", language: "ko")
            #expect(Self.select("nationality", in: again.text).contains("<option value=\"KR\" selected>대한민국</option>"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEndBeforeItsStartIsNamedBesideTheEndFieldInTheFormAndTheAPI(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let investor = try await Browser(app, token: app.investorToken)
            let backwards = WebConsoleDossierTests.workPermit.map { $0.0 == "endDate" ? ($0.0, "2027-02-01") : $0 }
            let refused = try await Self.post(app, investor, "/dossiers/new", backwards, language: "vi")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(
                "<p class=\"error\" id=\"field-endDate-error\">Ngày này không được trước ngày ở mục “Ngày dự kiến bắt đầu làm việc”.</p>"))
            #expect(refused.text.contains("value=\"2027-02-01\""), "what was typed is kept")
            #expect(!refused.text.contains("id=\"field-startDate-error\""), "the start is not blamed")

            var form: [String: Any] = [:]
            for (name, value) in backwards where name != "procedureCode" { form[name] = value }
            let api = try await app.request(.post, "/v1/dossiers", token: app.investorToken,
                                            json: ["procedureCode": "WORK-PERMIT-CONFIRMATION", "form": form], headers: ["Accept-Language": "ja"])
            #expect(api.status == .unprocessableContent && api.isProblem)
            let error = try #require((api.json["errors"] as? [[String: Any]])?.first)
            #expect(api.problemPointers == ["/form/endDate"])
            #expect(error["reason"] as? String == "date_order")
            #expect(error["detail"] as? String == "この日付は「就労開始予定日」の日付より前にすることはできません。")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anActivityIsFoundByItsCodeOrNameAndKeptAsItsCode(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let investor = try await Browser(app, token: app.investorToken)
            let form = try await Self.get(app, investor, "/dossiers/new?procedure=IRC-NEW", language: "vi")
            #expect(form.status == .ok)
            #expect(form.text.contains("<input id=\"field-vsicCode\" name=\"vsicCode\" list=\"field-vsicCode-options\""))
            #expect(form.text.contains("<datalist id=\"field-vsicCode-options\"><option>0111 – Trồng lúa<option>"))
            #expect(form.text.contains("Gõ mã ngành hoặc vài chữ trong tên ngành"), "the hint says it can be searched")
            let investorCountry = Self.select("investorCountry", in: form.text)
            #expect(investorCountry.contains("<option value=\"JP\">Nhật Bản</option>"))

            // A suggestion picked, or the class's name typed: either way the code is kept.
            for typed in ["0111 – Trồng lúa", "Trồng lúa", "growing of rice"] {
                let refused = try await Self.post(app, investor, "/dossiers/new",
                                                  [("procedureCode", "IRC-NEW"), ("projectName", "Dự"), ("vsicCode", typed)], language: "vi")
                // The project's name is too short, so the form comes back: the activity was understood.
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains("value=\"0111 – Trồng lúa\""), "\(typed)")
                #expect(!refused.text.contains("id=\"field-vsicCode-error\""), "\(typed)")
            }
            let unknown = try await Self.post(app, investor, "/dossiers/new",
                                              [("procedureCode", "IRC-NEW"), ("projectName", "Nhà máy linh kiện"), ("vsicCode", "6201")], language: "en")
            #expect(unknown.text.contains("id=\"field-vsicCode-error\">6201 is not a class of the Vietnam Standard Industrial Classification"))

            // Business lines, one input each: words that fit several classes are sent back, that line alone marked.
            let lines = try await Self.post(app, investor, "/dossiers/new", [
                ("procedureCode", "FTZ-ENTERPRISE-REG"), ("businessLines", "0111 – Trồng lúa"), ("businessLines", "trồng cây"),
                ("businessLines", ""),
            ], language: "vi")
            #expect(lines.status == .unprocessableContent)
            #expect(lines.text.contains("id=\"field-businessLines-error\">Có nhiều ngành phù hợp với “trồng cây”."))
            #expect(lines.text.contains("id=\"field-businessLines\" name=\"businessLines\" list=\"field-businessLines-options\" value=\"0111 – Trồng lúa\" autocomplete=\"off\" aria-required=\"true\" aria-describedby"))
            #expect(lines.text.contains("value=\"trồng cây\" autocomplete=\"off\" aria-label=\"Ngành, nghề kinh doanh (mã ngành cấp 4 theo VSIC) (2)\" aria-invalid=\"true\""))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theGuideKeepsWhatWasTypedWholeAndUnderstandsCountryNames(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let korean = "대한민국".addingPercentEncoding(withAllowedCharacters: Self.unreserved)!
            let guide = try await app.request(.get, "/guide?lang=ko&a.nationality=\(korean)&a.siteInZone=true&a.land=sublease")
            #expect(guide.status == .ok)
            #expect(guide.text.contains("<input id=\"q-nationality\" name=\"a.nationality\" value=\"대한민국\""), "not cut to two characters")
            #expect(!guide.text.contains("maxlength=\"2\""))
            #expect(guide.text.contains("href=\"/procedures/FTZ-ENTERPRISE-REG\""), "understood as Korea: a foreign investor")
            #expect(guide.text.contains("<datalist id=\"q-nationality-options\"><option>가나<option>"))

            let vietnamese = "Hàn Quốc".addingPercentEncoding(withAllowedCharacters: Self.unreserved)!
            let inVietnamese = try await app.request(.get, "/guide?lang=ja&a.nationality=\(vietnamese)&a.siteInZone=true&a.land=sublease")
            #expect(inVietnamese.text.contains("value=\"韓国\""), "shown by its name in the page's language once understood")

            let unknown = try await app.request(.get, "/guide?lang=ja&a.nationality=%E3%82%A2%E3%83%88%E3%83%A9%E3%83%B3%E3%83%86%E3%82%A3%E3%82%B9")
            #expect(unknown.text.contains("id=\"q-nationality-error\">「アトランティス」という国は見つかりません。"))

            let words = "phần mềm".addingPercentEncoding(withAllowedCharacters: Self.unreserved)!
            let several = try await app.request(.get, "/guide?lang=vi&a.activity=\(words)")
            #expect(several.text.contains("value=\"phần mềm\""))
            #expect(several.text.contains("id=\"q-activity-error\">Có nhiều ngành phù hợp với “phần mềm”."))
            #expect(several.text.contains("<option>5829 – Xuất bản phần mềm khác"), "the classes that fit are offered")

            let control = try await app.request(.get, "/guide?a.nationality=%EB%8C%80%00")
            #expect(control.status == .badRequest, "control characters are still refused")
        }
    }
}
