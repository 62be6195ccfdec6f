import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import API
@testable import HTTPSupport
@testable import WebConsole
import Storage
import Testing
import TestSupport

/// The console's public pages (programmes with their charts, the ledger's checkpoint), the
/// printed one-stop forms, and where each role lands after signing in.
@Suite struct WebConsolePagesTests {
    @Test(arguments: TestDatabase.kinds)
    func theProgrammesAreChartedWithTheirFiguresInTables(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let page = try await app.request(.get, "/programmes?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>The city&#39;s ten programmes for its big problems</h1>"))
            let portfolio = try await app.request(.get, "/v1/portfolio")
            let measured = (portfolio.json["items"] as? [[String: Any]] ?? []).filter { !(($0["indicators"] as? [Any]) ?? []).isEmpty }.count
            #expect(measured >= 2)
            let charts = page.text.components(separatedBy: "<svg ").count - 1
            #expect(charts == 1 + measured, "the overview and one chart per programme with indicators")
            #expect(page.text.components(separatedBy: "role=\"img\" aria-labelledby=\"chart-").count - 1 == charts, "each chart is titled")
            #expect(page.text.components(separatedBy: "No indicators have been defined for this programme yet.").count - 1 == 10 - measured)
            #expect(page.text.components(separatedBy: "<section class=\"programme\"").count - 1 == 10)
            #expect(page.text.contains("<th scope=\"col\">Indicators on track</th>"), "the figures are in a table beside the chart")
            #expect(page.text.utf8.count < 60_000, "a typical page with its charts stays under 60 KB (was \(page.text.utf8.count))")
            let vietnamese = try await app.request(.get, "/programmes")
            #expect(vietnamese.text.contains("Chương trình trọng điểm"))
        }
    }

    /// A procedure page cites its sources to everyone; how firmly each stands, and what is
    /// still to be confirmed, only administrators read (issue 27: a public page once showed
    /// an internal note).
    @Test(arguments: TestDatabase.kinds)
    func theWorkPermitPageCitesItsSourcesAndOnlyAdministratorsSeeWhatIsOpen(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let open = "To be confirmed"
            for headers in [[:], ["Cookie": "ftz_session=\(app.investorToken)"]] as [[String: String]] {
                let page = try await app.request(.get, "/procedures/WORK-PERMIT-CONFIRMATION?lang=en", headers: headers)
                #expect(page.status == .ok)
                #expect(page.text.contains("10 working days") && page.text.contains("the day a complete, valid dossier is received"))
                #expect(page.text.contains("A refusal is given in writing within") && page.text.contains("3 working days"))
                #expect(page.text.contains(">219/2025/NĐ-CP, Art. 18–19</a>"), "the citation is public, in the reader's words")
                #expect(!page.text.contains("(F3.3)") && !page.text.contains("Nghị định số"), "no internal id, no untranslated title")
                #expect(!page.text.contains(open) && !page.text.contains("Source review") && !page.text.contains("likely"),
                        "no internal note, no status for the public")
            }
            let admin = try await app.request(.get, "/procedures/WORK-PERMIT-CONFIRMATION?lang=en",
                                              headers: ["Cookie": "ftz_session=\(app.adminToken)"])
            #expect(admin.text.contains("Source review (administrators only)") && admin.text.contains(open))
            #expect(admin.text.contains("<strong>confirmed</strong>") && admin.text.contains("<strong>unconfirmed</strong>"))
            let guide = try await app.request(.get, "/v1/procedures/WORK-PERMIT-CONFIRMATION", headers: ["Accept-Language": "en"])
            #expect(guide.json["unconfirmed"] == nil && !guide.text.contains(open), "nor in the API")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theLedgerPageShowsTheSignedCheckpointAndHowToVerifyIt(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let checkpoint = try await app.request(.get, "/v1/ledger/checkpoint")
            let page = try await app.request(.get, "/ledger?lang=en")
            #expect(page.status == .ok)
            let note = checkpoint.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let firstLine = try #require(note.split(separator: "\n").first)
            #expect(page.text.contains(String(firstLine)), "the same checkpoint as the API serves")
            #expect(page.text.contains("ftz ledger verify --url http://"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theReceiptAndControlSlipArePrintedFromTheDossiersRecord(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (location, etag) = try await LicensingAPITests.draft(app)
            let submitted = try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken)
            #expect(submitted.status == .ok)
            let reference = try #require(submitted.json["reference"] as? String)
            let id = String(location.dropFirst("/v1/dossiers/".count))
            let officer = ["Cookie": "ftz_session=\(app.officerToken); ftz_lang=ko"]

            let receipt = try await app.request(.get, "/dossiers/\(id)/print/receipt", headers: officer)
            #expect(receipt.status == .ok)
            #expect(receipt.text.contains("<h1>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</h1>"),
                    "a Vietnamese enterprise's form is in Vietnamese only, whatever the officer's page language")
            #expect(receipt.text.contains(reference))
            #expect(receipt.text.contains("href=\"/static/print.css\""))
            let css = try await app.request(.get, "/static/print.css")
            #expect(css.text.contains("size: A4"))

            let control = try await app.request(.get, "/dossiers/\(id)/print/control", headers: officer)
            #expect(control.text.components(separatedBy: "<tr><td>").count - 1 == 2, "created and submitted")
            #expect(try await app.request(.get, "/dossiers/\(id)/print/refusal", headers: officer).status == .notFound,
                    "no refusal notice for a dossier that was not refused")
            let page = try await app.request(.get, "/dossiers/\(id)", headers: officer)
            #expect(page.text.contains("href=\"/dossiers/\(id)/print/receipt\""))
            #expect(!page.text.contains("/print/supplement"))
            let other = ["Cookie": "ftz_session=\(app.otherInvestorToken)"]
            #expect(try await app.request(.get, "/dossiers/\(id)/print/receipt", headers: other).status == .notFound)
            #expect(receipt.text.contains("Mẫu số 01"), "the receipt says which one-stop form it is")

            // The Authority stops handling it: the notice is form 05, with the grounds.
            let checked = try await LicensingAPITests.act(app, location, try #require(submitted.headers[.eTag]), "start_check", token: app.officerToken)
            let unexplained = try await LicensingAPITests.act(app, location, try #require(checked.headers[.eTag]), "stop", token: app.approverToken)
            #expect(unexplained.status == .unprocessableContent && unexplained.problemPointers == ["/comment"])
            let grounds = "Dự án thuộc diện phải có chủ trương đầu tư trước"
            let stopped = try await LicensingAPITests.act(app, location, try #require(checked.headers[.eTag]), "stop", token: app.approverToken,
                                                          extra: ["comment": grounds])
            #expect(stopped.status == .ok && stopped.json["status"] as? String == "stopped")
            let notice = try await app.request(.get, "/dossiers/\(id)/print/stop", headers: officer)
            #expect(notice.status == .ok && notice.text.contains("Mẫu số 05") && notice.text.contains("Thông báo dừng giải quyết hồ sơ")
                && notice.text.contains(grounds))
            let investorPage = try await app.request(.get, "/dossiers/\(id)", headers: ["Cookie": "ftz_session=\(app.investorToken); ftz_lang=ja"])
            #expect(investorPage.text.contains("href=\"/dossiers/\(id)/print/stop\"") && investorPage.text.contains("処理停止"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func eachRoleLandsOnItsOwnHome(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            #expect(WebConsole.home(of: try await app.services.authentication.authenticate(bearer: app.officerToken)) == "/dossiers")
            #expect(WebConsole.home(of: try await app.services.authentication.authenticate(bearer: app.investorToken)) == "/dossiers")
            #expect(WebConsole.home(of: try await app.services.authentication.authenticate(bearer: app.programmeOfficeToken)) == "/dashboard")
            let department = try #require(app.departmentTokens.values.first)
            #expect(WebConsole.home(of: try await app.services.authentication.authenticate(bearer: department)) == "/consultations")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theServiceLevelBoardCountsADecisionByProcedureAndOfficer(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (location, etag) = try await LicensingAPITests.draft(app)
            let submitted = try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken)
            let refused = try await LicensingAPITests.act(app, location, try #require(submitted.headers[.eTag]), "refuse",
                                                          token: app.approverToken, extra: ["reasons": ["incomplete-dossier"]])
            #expect(refused.status == .ok, "\(refused.text)")
            let officer = ["Cookie": "ftz_session=\(app.officerToken); ftz_lang=en"]
            let board = try await app.request(.get, "/sla", headers: officer)
            #expect(board.status == .ok)
            #expect(board.text.contains("<h2 id=\"sla-procedure-heading\">By procedure</h2>"))
            #expect(board.text.contains("<tr><th scope=\"row\">Construction permit for works in the Hai Phong Free Trade Zone</th><td>1</td><td>100 %</td>"),
                    "the refused dossier counts as decided, on the day it was filed, so on time")
            let csv = try await app.request(.get, "/sla.csv", headers: officer)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.split(separator: "\r\n").contains { $0.hasPrefix("By procedure,") && $0.contains(",1,") })

            let inverted = try await app.request(.get, "/sla?from=2026-12-10&to=2026-12-01", headers: officer)
            #expect(inverted.status == .badRequest)
            #expect(inverted.text.contains("<p class=\"error\" id=\"to-error\">To: The start must be on or before the end.</p>"))
            let badDate = try await app.request(.get, "/sla?from=yesterday", headers: officer)
            #expect(badDate.status == .badRequest && badDate.text.contains("id=\"from-error\""))
            let investor = try await app.request(.get, "/sla", headers: ["Cookie": "ftz_session=\(app.investorToken)"])
            #expect(investor.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theProgrammeOfficeReviewsAReportFromTheDashboard(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let programme = try await app.request(.get, "/v1/programmes/P01-RENEWABLE-ENERGY-HUB")
            let indicators = try #require(programme.json["indicators"] as? [[String: Any]])
            let indicator = try #require(indicators.first { $0["code"] as? String == "P01-INVESTMENT" }?["id"] as? String)
            let report = try await app.request(.post, "/v1/indicators/\(indicator)/reports", token: app.departmentTokens["DOIT"],
                                               json: ["value": 20, "periodStart": "2026-01-01", "periodEnd": "2026-01-31"])
            let reportID = try #require(report.json["id"] as? String)

            let office = try await WebConsoleDossierTests.Browser(app, token: app.programmeOfficeToken)
            let dashboard = try await office.get(app, "/dashboard")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("<h1>The city leaders&#39; dashboard</h1>"))
            #expect(dashboard.text.contains("action=\"/reports/\(reportID)/review\""))
            let undecided = try await office.post(app, "/reports/\(reportID)/review", [("comment", "ok")])
            #expect(undecided.status == .unprocessableContent, "a post without a decision decides nothing")
            let accepted = try await office.post(app, "/reports/\(reportID)/review", [("decision", "accept")])
            #expect(accepted.status == .seeOther)
            let reviewed = try await app.request(.get, "/v1/indicator-reports?limit=10", token: app.programmeOfficeToken)
            #expect((reviewed.json["items"] as? [Any])?.isEmpty == true, "nothing is waiting any more")
            let again = try await office.post(app, "/reports/\(reportID)/review", [("decision", "reject")])
            #expect(again.status == .conflict)
            #expect(try await app.request(.get, "/dashboard", headers: ["Cookie": "ftz_session=\(app.investorToken)"]).status == .ok,
                    "the live indicators are for everyone signed in; the review list is not shown to an investor")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEnterpriseReadsItsMessagesAndMarksThemRead(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (location, etag) = try await LicensingAPITests.draft(app)
            #expect(try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken).status == .ok)
            _ = try await app.services.notifications.project()
            let id = String(location.dropFirst("/v1/dossiers/".count))

            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            let inbox = try await investor.get(app, "/inbox")
            #expect(inbox.status == .ok)
            #expect(inbox.text.contains("<strong>1 unread message</strong>"))
            #expect(inbox.text.contains("href=\"/dossiers/\(id)\""), "the message links to its dossier")
            #expect(try await investor.post(app, "/inbox/read-all", []).status == .seeOther)
            #expect(try await investor.get(app, "/inbox").text.contains("<strong>0 unread messages</strong>"))
            let other = try await app.request(.get, "/inbox", headers: ["Cookie": "ftz_session=\(app.otherInvestorToken); ftz_lang=en"])
            #expect(other.text.contains("No messages yet."), "another enterprise sees none of them")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func staffWorkTheAlertsBoardAndFollowAContainer(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            let batch: [String: Any] = ["records": [TradeAPITests.event("e1", "GTOT", "MSKU1234565", "2026-03-02T08:00:00+07:00", facility: "FTZG1")]]
            #expect(try await app.request(.post, "/v1/feeds/events", token: terminal, json: batch).status == .ok)
            let officer = try await WebConsoleDossierTests.Browser(app, token: app.officerToken)
            let board = try await officer.get(app, "/alerts")
            #expect(board.status == .ok)
            #expect(board.text.contains("Container gated out before customs showed it eligible to pass the supervised area"),
                    "the rule named from the trade catalogue")
            #expect(board.text.contains("href=\"/containers/MSKU1234565\""))
            let id = try #require(board.text.firstMatch(of: #/action="/alerts/([0-9a-f-]+)/close"/#).map { String($0.output.1) })
            #expect(board.text.contains("<span class=\"badge bad\">High</span>"), "the severity in words")
            let unexplained = try await officer.post(app, "/alerts/\(id)/close", [("version", "1"), ("from", "open")])
            #expect(unexplained.status == .unprocessableContent)
            #expect(unexplained.text.contains("<p class=\"error\" id=\"reason-error-\(id)\">Say how the alert was dealt with.</p>"))
            #expect(unexplained.text.contains("<p class=\"error\" id=\"confirm-error-\(id)\">Tick the confirmation box to go on.</p>"))
            let stale = try await officer.post(app, "/alerts/\(id)/acknowledge", [("version", "7"), ("from", "open")])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains("Someone else changed"))
            let acknowledged = try await officer.post(app, "/alerts/\(id)/acknowledge", [("version", "1"), ("from", "open"), ("comment", "checking")])
            #expect(acknowledged.headers[.location] == "/alerts?status=open")
            #expect(try await officer.get(app, "/alerts").text.contains("No alerts."))
            #expect(try await officer.get(app, "/alerts?status=acknowledged").text.contains("<p>checking</p>"))

            let track = try await officer.get(app, "/containers/MSKU1234565")
            #expect(track.status == .ok)
            #expect(track.text.contains("<h1>Container MSKU1234565</h1>"))
            #expect(track.text.contains("<td>Gate out</td>") && !track.text.contains("GTOT"), "the event in words, not its code")
            #expect(track.text.contains("Customs has sent no supervision status for this container."), "why the gate-out was flagged")
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            #expect(try await investor.get(app, "/alerts").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anInvestorInvitesAColleagueWhoAcceptsOnTheLinkShownOnce(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            let page = try await investor.get(app, "/company")
            #expect(page.status == .ok)
            #expect(page.text.contains("Công ty Sao Biển"))
            #expect(page.text.contains("<td>investor</td>"), "the colleagues are listed")
            let refused = try await investor.post(app, "/company/invitations", [("email", "not an address")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"invite-email-error\""))
            let invited = try await investor.post(app, "/company/invitations", [("email", "lan@saobien.vn")])
            let link = try #require(invited.text.firstMatch(of: #/(/invitations/accept\?token=ftzi_[A-Za-z0-9_-]+)/#).map { String($0.output.1) })
            #expect(try await investor.get(app, "/company").text.contains(link) == false, "the link is shown once")

            let colleague = try await WebConsoleDossierTests.Browser(app, token: "none")
            let form = try await colleague.get(app, link)
            #expect(form.status == .ok && form.text.contains("Create my account"))
            let token = String(link.split(separator: "=", maxSplits: 1)[1])
            let weak = try await colleague.post(app, "/invitations/accept", [("token", token), ("displayName", "Lan"), ("username", "lan.saobien"),
                                                                              ("password", "short")])
            #expect(weak.status == .unprocessableContent && weak.text.contains("id=\"field-password-error\""))
            let accepted = try await colleague.post(app, "/invitations/accept", [("token", token), ("displayName", "Lan"),
                                                                                  ("username", "lan.saobien"), ("password", "a long enough password")])
            #expect(accepted.status == .seeOther && accepted.headers[.location] == "/dossiers")
            #expect(WebConsoleTests.cookie("ftz_session", in: accepted) != nil, "the new colleague is signed in")
            let again = try await colleague.post(app, "/invitations/accept", [("token", token), ("displayName", "Lan"),
                                                                               ("username", "lan.again"), ("password", "a long enough password")])
            #expect(again.status == .unprocessableContent, "an invitation works once")
            #expect(try await investor.get(app, "/company").text.contains("<td>lan.saobien</td>"))
            let officer = try await WebConsoleDossierTests.Browser(app, token: app.officerToken)
            #expect(try await officer.get(app, "/company").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEnterpriseRegistersAWebhookAndReadsItsDeliveryLog(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            let insideAddress = try await investor.post(app, "/company/webhooks", [("url", "http://127.0.0.1:8080/admin")])
            #expect(insideAddress.status == .unprocessableContent)
            #expect(insideAddress.text.contains("id=\"webhook-url-error\""), "the refusal is beside the address")
            let created = try await investor.post(app, "/company/webhooks", [("url", "https://erp.example.test/hooks"), ("description", "ERP")])
            #expect(created.status == .ok)
            #expect(created.text.contains("whsec_"), "the signing secret is shown once")
            let list = try await investor.get(app, "/company/webhooks")
            #expect(!list.text.contains("whsec_"))
            let id = try #require(list.text.firstMatch(of: #/href="/company/webhooks/([0-9a-f-]+)"/#).map { String($0.output.1) })
            let log = try await investor.get(app, "/company/webhooks/\(id)")
            #expect(log.status == .ok && log.text.contains("Nothing delivered yet."))
            let other = try await WebConsoleDossierTests.Browser(app, token: app.otherInvestorToken)
            #expect(try await other.get(app, "/company/webhooks/\(id)").status == .notFound)
            #expect(try await investor.post(app, "/company/webhooks/\(id)/disable", []).status == .seeOther)
            #expect(try await investor.get(app, "/company/webhooks").text.contains("<span class=\"badge bad\">disabled</span>"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEnterpriseAddsAnAPIClientSeesItsSecretOnceAndDisablesIt(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            let unnamed = try await investor.post(app, "/company/clients", [("name", "  ")])
            #expect(unnamed.status == .unprocessableContent)
            #expect(unnamed.text.contains("id=\"client-name-error\""), "the refusal is beside the name")
            let created = try await investor.post(app, "/company/clients", [("name", "ERP connector")])
            #expect(created.status == .ok)
            let secret = try #require(created.text.firstMatch(of: #/(ftzs_[A-Za-z0-9_-]+)/#).map { String($0.output.1) })
            let clientID = try #require(created.text.firstMatch(of: #/<code>(ftzc_[A-Za-z0-9_-]+)</code>/#).map { String($0.output.1) })
            let token = try await app.services.authentication.clientCredentials(clientID: clientID, clientSecret: secret, requestedScopes: nil)
            #expect(!token.accessToken.isEmpty, "the secret shown is the one that works")
            let list = try await investor.get(app, "/company/clients")
            #expect(!list.text.contains(secret), "the secret is shown once")
            #expect(list.text.contains("<td>investor</td>"), "an enterprise's client acts with the investor role only")
            let id = try #require(list.text.firstMatch(of: #/action="/company/clients/([0-9a-f-]+)/disable"/#).map { String($0.output.1) })
            let other = try await WebConsoleDossierTests.Browser(app, token: app.otherInvestorToken)
            #expect(try await other.get(app, "/company/clients").text.contains("ERP connector") == false)
            #expect(try await other.post(app, "/company/clients/\(id)/disable", []).status == .notFound)
            #expect(try await investor.post(app, "/company/clients/\(id)/disable", []).status == .seeOther)
            #expect(try await investor.get(app, "/company/clients").text.contains("<span class=\"badge bad\">disabled</span>"))
            await #expect(throws: (any Error).self, "a disabled client gets no token") {
                _ = try await app.services.authentication.clientCredentials(clientID: clientID, clientSecret: secret, requestedScopes: nil)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDepartmentReadsItsGrantsAndTheQueriesMadeUnderThem(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (system, _) = try await app.exchangeClient(department: "TAX", subsystem: "TAX-AUDIT")
            #expect(try await app.grantTheSubsystem("enterprise-register", fields: ["name", "taxCode"], purposes: ["tax-assessment"]).status == .created)
            #expect(try await ExchangeAPITests().query(app, system).status == .ok)
            #expect(try await ExchangeAPITests().query(app, system, purpose: "statistics").status == .forbidden)

            let officer = try await WebConsoleDossierTests.Browser(app, token: try #require(app.departmentTokens["TAX"]))
            let page = try await officer.get(app, "/exchange")
            #expect(page.status == .ok)
            #expect(page.text.contains("TAX-AUDIT"))
            #expect(page.text.contains("<td>name, taxCode</td>"), "the grant's fields")
            #expect(page.text.contains("<span class=\"badge ok\">Active</span>"))
            let id = try #require(page.text.firstMatch(of: #/href="/exchange/([0-9a-f-]+)"/#).map { String($0.output.1) })
            let journal = try await officer.get(app, "/exchange/\(id)")
            #expect(journal.status == .ok)
            #expect(journal.text.contains("<td>officer-4711</td>"), "who asked is in the log")
            #expect(journal.text.contains("<span class=\"badge ok\">Allowed</span>"))
            #expect(journal.text.contains("<span class=\"badge bad\">Denied</span>"), "a refused query is logged too")
            #expect(journal.text.components(separatedBy: "<form").count == 2, "read-only: the one form is signing out")

            let elsewhere = try await WebConsoleDossierTests.Browser(app, token: try #require(app.departmentTokens.first { $0.key != "TAX" }?.value))
            #expect(try await elsewhere.get(app, "/exchange").text.contains("TAX-AUDIT") == false, "another department sees its own only")
            #expect(try await elsewhere.get(app, "/exchange/\(id)").status == .notFound)
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            #expect(try await investor.get(app, "/exchange").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func staffAndTheEnterpriseReadItsTradeSummary(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let customs = try await app.feedToken(.customs, name: "Hai Phong Customs")
            let records = [CustomsProcedureTypeTests.declaration("104500000301", "H11", channel: "red"),
                           CustomsProcedureTypeTests.declaration("104500000302", "H11")]
            #expect(try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": records]).status == .ok)
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            let company = try await investor.get(app, "/company")
            let link = try #require(company.text.firstMatch(of: #/href="(/organisations/[0-9a-f-]+/trade)"/#).map { String($0.output.1) })
            let own = try await investor.get(app, link)
            #expect(own.status == .ok)
            #expect(own.text.contains("<h1>Trade summary: Công ty Sao Biển</h1>"))
            #expect(own.text.contains("<tr><th scope=\"row\">Red</th><td>1</td></tr>"), "channels named and counted")
            #expect(own.text.contains("<tr><th scope=\"row\">Green</th><td>1</td></tr>"))
            #expect(own.text.contains("2,000.00 USD"), "the declared value, written for the language")
            #expect(own.text.contains("<svg"), "the chapters are charted")
            #expect(own.text.contains("<tr><th scope=\"row\">Chapter 85</th><td>2</td></tr>"), "and tabled")
            let officer = try await WebConsoleDossierTests.Browser(app, token: app.officerToken)
            #expect(try await officer.get(app, link).status == .ok)
            let other = try await WebConsoleDossierTests.Browser(app, token: app.otherInvestorToken)
            #expect(try await other.get(app, link).status == .notFound, "another enterprise's figures do not exist for it")
        }
    }
}
