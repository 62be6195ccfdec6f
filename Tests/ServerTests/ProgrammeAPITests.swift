import Foundation
import HTTPTypes
import Storage
import Testing
import TestSupport

@Suite("Programmes over HTTP")
struct ProgrammeAPITests {
    @Test(arguments: TestDatabase.kinds)
    func theCatalogueAndItsProgressArePublicAndLocalized(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let list = try await app.request(.get, "/v1/programmes", headers: ["Accept-Language": "vi"])
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(list.status == .ok && items.count == 10)
            #expect((items[0]["title"] as? String)?.contains("năng lượng tái tạo") == true && items[0]["statusLabel"] as? String == "Chưa có số liệu")
            let byCode = try await app.request(.get, "/v1/programmes/P01-RENEWABLE-ENERGY-HUB?lang=ja")
            let summary = try #require(byCode.json["summary"] as? [String: Any])
            #expect(byCode.status == .ok && (byCode.json["indicators"] as? [Any])?.count == 3 && summary["statusLabel"] as? String == "データなし")
            let byID = try await app.request(.get, "/v1/programmes/\(summary["id"] as! String)")
            #expect(byID.status == .ok)
            let missing = try await app.request(.get, "/v1/programmes/P42")
            #expect(missing.status == .notFound && missing.isProblem)
            let portfolio = try await app.request(.get, "/v1/portfolio")
            #expect(portfolio.status == .ok && (portfolio.json["items"] as? [Any])?.count == 10)
            #expect((portfolio.json["programmes"] as? [String: Int])?["no_data"] == 10)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDepartmentReportsTheOfficeReviewsAndTheSeriesExportsAsCSV(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let programme = try await app.request(.get, "/v1/programmes/P01-RENEWABLE-ENERGY-HUB")
            let indicators = try #require(programme.json["indicators"] as? [[String: Any]])
            let investment = try #require(indicators.first { $0["code"] as? String == "P01-INVESTMENT" })
            let id = try #require(investment["id"] as? String)

            let trajectory: [String: Any] = ["baseline": ["value": 0, "date": "2025-12-31"],
                                             "target": ["low": 3000, "high": 5000, "date": "2030-12-31"]]
            #expect(try await app.request(.put, "/v1/indicators/\(id)/trajectory", token: app.programmeOfficeToken, json: trajectory)
                .status == .preconditionRequired)
            #expect(try await app.request(.put, "/v1/indicators/\(id)/trajectory", token: app.departmentTokens["DOIT"], json: trajectory,
                                          headers: ["If-Match": "\"1\""]).status == .forbidden)
            let set = try await app.request(.put, "/v1/indicators/\(id)/trajectory", token: app.programmeOfficeToken, json: trajectory,
                                            headers: ["If-Match": "\"1\""])
            #expect(set.status == .ok && set.headers[.eTag] == "\"2\"" && set.json["status"] as? String == "no_data")
            #expect(set.headers[HTTPField.Name("Ledger-Receipt")!] != nil)
            let inverted = try await app.request(.put, "/v1/indicators/\(id)/trajectory", token: app.programmeOfficeToken,
                                                 json: ["target": ["low": 5, "high": 3, "date": "2030-02-30"]], headers: ["If-Match": "\"2\""])
            #expect(inverted.status == .unprocessableContent && inverted.problemPointers == ["/target/date"])

            let bad = try await app.request(.post, "/v1/indicators/\(id)/reports", token: app.departmentTokens["DOIT"],
                                            json: ["value": 1, "periodStart": "2026-13-01", "periodEnd": "tomorrow"])
            #expect(bad.status == .unprocessableContent && Set(bad.problemPointers) == ["/periodStart", "/periodEnd"])
            let notMine = try await app.request(.post, "/v1/indicators/\(id)/reports", token: app.departmentTokens["DOFA"],
                                                json: ["value": 1, "periodStart": "2026-01-01", "periodEnd": "2026-01-31"])
            #expect(notMine.status == .forbidden && notMine.isProblem && (notMine.json["detail"] as? String)?.contains("DOIT") == true)
            // Evidence is a document's number or a web address; a reviewer opens it, so no other scheme.
            let scripted = try await app.request(.post, "/v1/indicators/\(id)/reports", token: app.departmentTokens["DOIT"],
                                                 json: ["value": 1, "periodStart": "2026-01-01", "periodEnd": "2026-01-31",
                                                        "evidence": ["https://stats.haiphong.gov.vn/r/1", "javascript:alert(1)", "QĐ 12/2026: phụ lục",
                                                                     "data:text/html,<b>x</b>"]])
            #expect(scripted.status == .unprocessableContent && scripted.problemPointers == ["/evidence/1", "/evidence/3"], "\(scripted.text)")

            var reportIDs: [String] = []
            for (month, value) in [("01", 20), ("02", 160)] {
                let report = try await app.request(.post, "/v1/indicators/\(id)/reports", token: app.departmentTokens["DOIT"],
                                                   json: ["value": value, "periodStart": "2026-\(month)-01", "periodEnd": "2026-\(month)-28",
                                                          "evidence": ["IRC register extract \(month)/2026"]])
                #expect(report.status == .created && report.json["status"] as? String == "submitted")
                reportIDs.append(try #require(report.json["id"] as? String))
            }
            let queue = try await app.request(.get, "/v1/indicator-reports?limit=1", token: app.programmeOfficeToken)
            #expect((queue.json["items"] as? [[String: Any]])?.first?["id"] as? String == reportIDs[0] && queue.json["nextCursor"] is String)
            #expect(try await app.request(.get, "/v1/indicator-reports", token: app.departmentTokens["DOIT"]).status == .forbidden)
            for reportID in reportIDs {
                let reviewed = try await app.request(.post, "/v1/indicator-reports/\(reportID)/review", token: app.programmeOfficeToken,
                                                     json: ["decision": "accept"])
                #expect(reviewed.status == .ok && reviewed.json["status"] as? String == "accepted")
            }
            let again = try await app.request(.post, "/v1/indicator-reports/\(reportIDs[0])/review", token: app.programmeOfficeToken,
                                              json: ["decision": "reject"])
            #expect(again.status == .conflict && again.isProblem)

            let after = try await app.request(.get, "/v1/programmes/P01-RENEWABLE-ENERGY-HUB")
            let progressed = try #require((after.json["indicators"] as? [[String: Any]])?.first { $0["code"] as? String == "P01-INVESTMENT" })
            #expect(progressed["status"] as? String == "on_track" && progressed["actual"] as? Double == 160)

            let series = try await app.request(.get, "/v1/indicators/\(id)/series")
            #expect((series.json["points"] as? [[String: Any]])?.compactMap { $0["value"] as? Double } == [20, 160])
            let csv = try await app.request(.get, "/v1/indicators/\(id)/series", headers: ["Accept": "text/csv"])
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 3 && lines[0] == "indicator,period_start,period_end,value,unit,report_id,corrected")
            #expect(lines[2].hasPrefix("P01-INVESTMENT,2026-02-01,2026-02-28,160,USD million,"))
            #expect(try await app.request(.get, "/v1/indicators/\(id)/series?format=csv").text == csv.text)
            #expect(try await app.request(.get, "/v1/indicators/\(id)/series?format=xml").status == .badRequest)
            let history = try await app.request(.get, "/v1/indicators/\(id)/reports", token: app.departmentTokens["DOIT"])
            #expect((history.json["items"] as? [Any])?.count == 2)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func milestonesAreAddedAndClosedByTheProgrammeOffice(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let body: [String: Any] = ["title": ["vi": "Khai trương cổng một cửa", "en": "One-stop portal opens"], "dueOn": "2026-06-30"]
            #expect(try await app.request(.post, "/v1/programmes/P10-SMART-FTZ/milestones", token: app.investorToken, json: body).status
                    == .forbidden)
            let unknownLanguage = try await app.request(.post, "/v1/programmes/P10-SMART-FTZ/milestones", token: app.programmeOfficeToken,
                                                        json: ["title": ["xx": "?"], "dueOn": "2026-06-30"])
            #expect(unknownLanguage.status == .unprocessableContent && unknownLanguage.problemPointers == ["/title/xx"])
            // Blank is any white space the contract's `\S` rejects, form feeds and line breaks included.
            let blank = try await app.request(.post, "/v1/programmes/P10-SMART-FTZ/milestones", token: app.programmeOfficeToken,
                                              json: ["title": ["en": "Portal", "vi": "\u{0C}\n "], "dueOn": "2026-06-30"])
            #expect(blank.status == .unprocessableContent && blank.problemPointers == ["/title"], "\(blank.text)")
            let created = try await app.request(.post, "/v1/programmes/P10-SMART-FTZ/milestones", token: app.programmeOfficeToken,
                                                json: body, headers: ["Accept-Language": "en"])
            #expect(created.status == .created && created.json["title"] as? String == "One-stop portal opens", "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let done = try await app.request(.patch, "/v1/milestones/\(id)", token: app.programmeOfficeToken, json: ["status": "done"],
                                             headers: ["If-Match": try #require(created.headers[.eTag])])
            #expect(done.status == .ok && done.json["status"] as? String == "done" && done.json["overdue"] as? Bool == false)
            let wrongStatus = try await app.request(.patch, "/v1/milestones/\(id)", token: app.programmeOfficeToken,
                                                    json: ["status": "finished"], headers: ["If-Match": "\"2\""])
            #expect(wrongStatus.status == .badRequest || wrongStatus.status == .unprocessableContent)
            #expect(wrongStatus.isProblem && wrongStatus.problemPointers == ["/status"])
            let programme = try await app.request(.get, "/v1/programmes/P10-SMART-FTZ")
            #expect((programme.json["milestones"] as? [[String: Any]])?.first?["status"] as? String == "done")
        }
    }
}
