import Foundation
import HTTPTypes
import Storage
import Testing
import TestSupport

/// The customs officer's risk queue in the browser: scores, reasons in words, and the lane
/// decided there, an override refused without its reason beside the box.
@Suite struct WebConsoleRiskTests {
    @Test(arguments: TestDatabase.kinds)
    func aCustomsOfficerDecidesLanesFromTheRiskQueuePage(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let feed = try await app.feedToken(.customs, name: "VNACCS")
            let ingested = try await app.request(.post, "/v1/feeds/declarations", token: feed, json: ["records": RiskAPITests.history(0..<20)])
            #expect(ingested.status == .ok)
            let officer = try await WebConsoleDossierTests.Browser(app, token: try await app.customsOfficerToken())
            let queue = try await officer.get(app, "/risk")
            #expect(queue.status == .ok)
            #expect(queue.text.contains("<h1>Declarations awaiting a lane decision</h1>"))
            #expect(queue.text.contains("<dt>Channel VNACCS assigned</dt><dd>Green"), "the binding channel in words")
            #expect(!queue.text.contains("risk.reason.") && !queue.text.contains(">green<"), "no codes for people")
            let id = try #require(queue.text.firstMatch(of: #/action="/risk/([0-9a-f-]+)/decide"/#).map { String($0.output.1) })
            let recommended = try #require(queue.text.firstMatch(of: #/<option value="(red|yellow|green)" selected>/#).map { String($0.output.1) })
            let other = recommended == "red" ? "green" : "red"
            let unexplained = try await officer.post(app, "/risk/\(id)/decide", [("version", "1"), ("lane", other)])
            #expect(unexplained.status == .unprocessableContent)
            #expect(unexplained.text.contains("id=\"reason-\(id)-error\">A reason is required to override the recommended lane.</p>"))
            let decided = try await officer.post(app, "/risk/\(id)/decide", [("version", "1"), ("lane", other), ("reason", "Tip-off from the port")])
            #expect(decided.status == .seeOther)
            #expect(!(try await officer.get(app, "/risk").text.contains("action=\"/risk/\(id)/decide\"")), "a decided declaration leaves the queue")
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            #expect(try await investor.get(app, "/risk").status == .forbidden)
        }
    }
}
