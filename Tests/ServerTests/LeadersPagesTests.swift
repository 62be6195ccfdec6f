import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Localization
import Programs
import Storage
import Testing
import TestSupport
@testable import WebConsole
import Yams

/// The leaders' pages (issue 28, item 9): every figure in the reader's language, with the
/// count behind it, its breakdown by name, and why it is missing when it is; chart labels
/// whole; "no target" never beside a target.
@Suite("The leaders' pages in the reader's language")
struct LeadersPagesTests {
    @Test(arguments: TestDatabase.kinds)
    func theDashboardCountsItsSamplesNamesTheChannelsAndSaysWhyAFigureIsMissing(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let customs = try await app.feedToken(.customs, name: "Hai Phong Customs")
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            let declarations = [("104500000021", "green"), ("104500000022", "green"), ("104500000023", "red"), ("104500000024", "yellow")]
                .map { CustomsProcedureTypeTests.declaration($0.0, "C11", channel: $0.1, containers: ["MSKU1234565"]) }
            #expect(try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": declarations]).json["accepted"] as? Int == 4)
            let now = Date()
            _ = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": [
                TradeAPITests.event("l1", "GTIN", "MSKU1234565", RFC3339.format(now.addingTimeInterval(-3 * 86_400)), facility: "HICT"),
                TradeAPITests.event("l2", "GTOT", "MSKU1234565", RFC3339.format(now.addingTimeInterval(-2 * 86_400)), facility: "FTZG1"),
            ]])
            // A reported indicator with a target and no baseline, measured.
            let office = try await app.services.authentication.authenticate(bearer: app.programmeOfficeToken)
            let gdp = try #require(try await app.services.programmes.portfolio().flatMap(\.indicators).first { $0.indicator.code == "P01-GDP-SHARE" })
            let report = try await app.services.programmes.submitReport(
                for: gdp.indicator.id, .init(value: 7, periodStart: LocalDate("2026-01-01")!, periodEnd: LocalDate("2026-01-31")!), by: office)
            _ = try await app.services.programmes.review(report.id, accept: true, comment: nil, by: office)

            let dashboard = try await app.request(.get, "/dashboard?lang=ja", headers: ["Cookie": "ftz_session=\(app.programmeOfficeToken)"])
            #expect(dashboard.status == .ok)
            let page = dashboard.text
            #expect(page.contains("<p class=\"muted\">n = 4件（税関申告）</p>"), "the channel share states its sample")
            for channel in ["グリーン", "イエロー", "レッド"] {
                #expect(page.contains("<th scope=\"row\">\(channel)</th>"), "the channel \(channel) by its name")
            }
            #expect(!page.contains(">green<") && !page.contains(">red<"), "no raw channel code")
            #expect(page.contains(">24時間<") && page.contains("n = 1本（区域から搬出されたコンテナ）"), "the dwell time in hours, over one container")
            #expect(page.contains("処理済みの書類はまだありません。"), "why the licensing figures are missing, in Japanese")
            #expect(!page.contains("no dossier decided yet") && !page.contains("データなし · データなし"))

            let programmes = try await app.request(.get, "/programmes?lang=ja")
            #expect(programmes.status == .ok)
            let rows = programmes.text.components(separatedBy: "<tr>")
            let gdpRow = try #require(rows.first { $0.hasPrefix("<th scope=\"row\">\(gdp.indicator.name.text(.ja))</th>") })
            #expect(gdpRow.contains("10 % – 15 %（2030年12月31日まで）") && gdpRow.contains("基準値未設定"), "no baseline, beside its target")
            #expect(!gdpRow.contains("目標未設定"))
            for row in rows where row.contains("目標未設定") && row.hasPrefix("<th scope=\"row\">") {
                let cells = row.components(separatedBy: "<td>")
                #expect(cells.count == 6 && cells[3].hasPrefix("—</td>"), "\"no target\" only where no target is shown: \(row)")
            }
            #expect(programmes.text.contains("n = 4件（税関申告）"))
            // The API gives the same counts and codes, and the reason in the caller's language.
            let programme = try await app.request(.get, "/v1/programmes/P10-SMART-FTZ", headers: ["Accept-Language": "ja"])
            let indicators = try #require(programme.json["indicators"] as? [[String: Any]])
            let channels = try #require(indicators.first { $0["code"] as? String == "P10-CUSTOMS-CHANNELS" })
            #expect(channels["sampleSize"] as? Int == 4 && channels["sampleOf"] as? String == "declarations")
            #expect(channels["breakdownBy"] as? String == "customs_channel")
            let onTime = try #require(indicators.first { $0["code"] as? String == "P10-ON-TIME-RATE" })
            #expect(onTime["unavailableReason"] as? String == "処理済みの書類はまだありません。" && onTime["sampleSize"] == nil)

            let vietnamese = try await app.request(.get, "/programmes?lang=vi").text
            #expect(vietnamese.contains("Chưa có hồ sơ nào được giải quyết.") && vietnamese.contains("n = 4 tờ khai hải quan"))
            #expect(vietnamese.contains("10 % – 15 % (đến ngày 31 tháng 12 năm 2030)"))
        }
    }

    @Test func theWordingNamesCountriesSectorsModelsAndUnitsInTheReadersLanguage() async throws {
        try await ServerFixture.with(.sqlite) { app in
            let catalogue = app.services.catalogue
            func wording(_ language: Language) async throws -> IndicatorWording {
                IndicatorWording(messages: .bundled, language: language, procedures: try await catalogue.procedures(),
                                 activities: catalogue.catalogue.activities)
            }
            let ja = try await wording(.ja), vi = try await wording(.vi), en = try await wording(.en)
            #expect(ja.key("KR", .country) == CountryNames.bundled.name("KR", .ja) && ja.key("KR", .country) != "KR")
            #expect(vi.key("26", .sector).hasPrefix("Sản xuất sản phẩm điện tử") && vi.key("26", .sector).hasSuffix("(26)"))
            #expect(ja.key("unclassified", .sector) == "業種未分類")
            #expect(ja.key("2", .modelVersion) == "モデル第2版" && vi.key("online", .filingChannel) == "Nộp trực tuyến")
            #expect(ja.key("IRC-NEW", .procedure).contains("投資登録証明書"))
            #expect(ja.figure(12, "working days") == "12営業日" && en.figure(1, "working days") == "1 working day")
            #expect(en.figure(12.5, "working days") == "12.5 working days" && vi.figure(12.5, "hours") == "12,5 giờ")
            #expect(en.figure(500, "USD million per year") == "USD 500 million a year" && ja.figure(87, "%") == "87 %")
            #expect(ja.figure(1500, "USD") == "1,500 USD", "a currency code stays a code")
            // Every unit the bundled programmes use is worded in every language (beyond "%" and currency codes).
            for unit in Set(try await app.services.programmes.portfolio().flatMap(\.indicators).map(\.indicator.unit)) {
                guard unit != "%", !(unit.count == 3 && unit.allSatisfy(\.isUppercase)) else { continue }
                for language in Language.allCases where language != .en {
                    let text = try await wording(language).figure(3, unit)
                    #expect(!text.contains(unit), "\(unit) in \(language.rawValue): \(text)")
                }
            }
        }
    }

    /// The contract lists every code a live figure can carry.
    @Test func theContractNamesEveryPopulationAndDimension() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let contract = try #require(try Yams.load(yaml: String(contentsOf: root.appendingPathComponent("OpenAPI/ftz.yaml"), encoding: .utf8))
            as? [String: Any])
        let schemas = (contract["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let properties = try #require((schemas?["IndicatorProgress"] as? [String: Any])?["properties"] as? [String: Any])
        func values(_ name: String) -> [String] { ((properties[name] as? [String: Any])?["enum"] as? [String]) ?? [] }
        #expect(values("sampleOf") == LiveMeasurement.Population.allCases.map(\.rawValue))
        #expect(values("breakdownBy") == LiveMeasurement.Dimension.allCases.map(\.rawValue))
    }

    @Test func chartLabelsAreWrappedNeverCut() {
        let long = "Tỷ lệ tờ khai có luồng khuyến nghị của Khu trùng với luồng VNACCS phân (luồng VNACCS là luồng có hiệu lực)"
        let japanese = "区の推奨レーンがVNACCSの割り当てたチャネルと一致する申告の割合（VNACCSのチャネルが拘束力を持つ）"
        for label in [long, japanese] {
            let lines = BarChart.wrapped(label, room: 300)
            #expect(lines.count > 1)
            #expect(lines.joined(separator: label.contains(" ") ? " " : "") == label, "every word kept: \(lines)")
            #expect(lines.allSatisfy { BarChart.textWidth($0) <= 300 }, "\(lines)")
            #expect(!lines.contains { $0.hasPrefix("）") || $0.hasPrefix("、") || $0.hasSuffix("（") })
        }
        let svg = BarChart(title: "t", bars: [.init(label: japanese, value: 0.5, caption: "50 %", tone: "ok")], width: 300).svg(id: "c")
        #expect(!svg.contains("…") && svg.contains(">50 %</text>"))
        for line in BarChart.wrapped(japanese, room: 300) { #expect(svg.contains(">\(line)</text>")) }
    }
}
