import FTZCore
import Foundation
import Testing
import TestSupport
@testable import TradeData

/// VNACCS procedure types come from the zone's trade catalogue, and decide which way goods
/// are counted: in the enterprise's trade summary and in the customs-aggregates service.
@Suite("Customs procedure types as zone data")
struct CustomsProcedureTypeTests {
    /// A released declaration of the fixture's investor, as a customs feed sends it.
    static func declaration(_ number: String, _ typeCode: String, channel: String = "green", containers: [String] = []) -> [String: Any] {
        ["number": number, "version": 1, "typeCode": typeCode, "registeredAt": "2026-03-01T08:00:00+07:00", "declarantTaxCode": "0100109106",
         "trader": ["taxCode": ExchangeAPITests.enterprise, "name": "Sao Biển"], "totalValue": ["amount": "1000", "currency": "USD"],
         "channel": channel, "status": "released", "containers": containers,
         "lines": [["hsCode": "85023100", "description": "Generator", "quantity": 1, "unit": "SET",
                    "value": ["amount": "1000", "currency": "USD"], "originCountry": "DE"]]]
    }

    @Test(arguments: TestDatabase.kinds)
    func goodsIntoTheZoneAreImportsAndGoodsOutAreExports(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let customs = try await app.feedToken(.customs, name: "Hai Phong Customs")
            // Into a bonded warehouse (C11), into the non-tariff zone (C21), other imports (H11);
            // out of a bonded warehouse abroad (C12), out of the zone (C22), other exports (H21).
            let codes = ["C11", "C21", "H11", "C12", "C22", "H21", "E42"]
            let records = codes.enumerated().map { Self.declaration(String(104_500_000_100 + $0.offset), $0.element) }
            let report = try await app.request(.post, "/v1/feeds/declarations", token: customs,
                                               json: ["records": records + [Self.declaration("104500000199", "Z99"),
                                                                           Self.declaration("104500000198", "E56")]])
            // E56 was abolished by Decision 1357/QĐ-TCHQ (reference F11.1): refused like an unknown code.
            #expect(report.json["accepted"] as? Int == codes.count && report.json["rejected"] as? Int == 2, "\(report.text)")
            let outcomes = report.json["records"] as? [[String: Any]] ?? []
            let pointers = outcomes.flatMap { ($0["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String } }
            #expect(pointers == ["/records/\(codes.count)/typeCode", "/records/\(codes.count + 1)/typeCode"], "\(report.text)")

            let summary = try await app.request(.get, "/v1/organisations/\(app.investorOrganisation.id.lowercasedString)/trade-summary",
                                                token: app.investorToken)
            #expect(summary.json["byDirection"] as? [String: Int] == ["import": 3, "export": 4], "\(summary.text)")

            let (agency, _) = try await app.exchangeClient(department: "CUSTOMS", subsystem: "VNACCS-LINK")
            let grant = try await app.grantTheSubsystem("customs-aggregates", fields: ["declarations", "byDirection"], purposes: ["customs-control"])
            #expect(grant.status == .created, "\(grant.text)")
            let answer = try await ExchangeAPITests().query(app, agency, service: "customs-aggregates", purpose: "customs-control")
            let record = try #require((answer.json["records"] as? [[String: Any]])?.first, "\(answer.text)")
            #expect(record["byDirection"] as? [String: Int] == ["import": 3, "export": 4], "\(answer.text)")
        }
    }

    /// Decision 1357/QĐ-TCHQ (in force 1 June 2021; reference F11.1–F11.3): 24 import and
    /// 16 export codes, each with its direction and regime, named in five languages.
    @Test func theCompiledTableIsDecision1357WithDirectionsAndRegimes() throws {
        let catalogue = try TradeCatalogue.load(directory: nil)
        let types = catalogue.declarationTypes
        #expect(types.values.filter { $0.direction == .import }.count == 24 && types.values.filter { $0.direction == .export }.count == 16)
        #expect(catalogue.declarationTypeTable?.version == "QD1357-2021" && catalogue.declarationTypeTable?.reference == "F11.1")
        for (code, direction, regime) in [("C11", TradeDirection.import, TradeCatalogue.DeclarationType.Regime.bondedWarehouse),
                                          ("C12", .export, .bondedWarehouse), ("C21", .import, .nonTariffZone), ("C22", .export, .nonTariffZone),
                                          ("E11", .import, .exportProcessing), ("E13", .import, .exportProcessing),
                                          ("E15", .import, .exportProcessing), ("E42", .export, .exportProcessing)] {
            #expect(types[code]?.direction == direction && types[code]?.regime == regime, "\(code)")
        }
        #expect(types["A44"]?.name.text(.vi) == "Tạm nhập hàng hóa bán tại cửa hàng miễn thuế", "A44 is the duty-free shops' code")
        for abolished in ["E44", "E46", "E56", "E64"] { #expect(types[abolished] == nil, "\(abolished) is not in the table") }
        #expect(types.values.allSatisfy { $0.name.missingLanguages.isEmpty })
        #expect(throws: TradeCatalogue.Failure.self) {
            try TradeCatalogue(yaml: "locations: []\nalertRules: []\nactivityChapters: {}\ndeclarationTypes:\n"
                + "  - {code: C11, direction: import, regime: bondedWarehouse, name: {vi: a, en: a, zh-Hans: a, ko: a, ja: a}}\n"
                + "  - {code: C11, direction: export, regime: bondedWarehouse, name: {vi: b, en: b, zh-Hans: b, ko: b, ja: b}}\n")
        }
    }

    @Test func portTimesFollowDaylightSavingOnTheEventsDate() throws {
        let catalogue = try TradeCatalogue.load(directory: nil)
        let rotterdam = catalogue.timeZone(at: try UNLocode("NLRTM"))
        func instant(_ local: String) -> String {
            let seconds = RFC3339.parse(local + "Z")!.timeIntervalSince1970
            return RFC3339.format(EDIFACTEvents.instant(ofLocalSeconds: seconds, in: rotterdam), fractionalDigits: 0)
        }
        // Winter +1, summer +2; the change of 29 March 2026 is at 01:00 UTC.
        #expect(instant("2026-01-15T10:00:00") == "2026-01-15T09:00:00Z")
        #expect(instant("2026-07-15T10:00:00") == "2026-07-15T08:00:00Z")
        #expect(instant("2026-03-29T01:30:00") == "2026-03-29T00:30:00Z")
        #expect(instant("2026-03-29T03:30:00") == "2026-03-29T01:30:00Z")
        // Skipped by the change: read with the winter offset, so 03:30 summer time.
        #expect(instant("2026-03-29T02:30:00") == "2026-03-29T01:30:00Z")
        // Los Angeles: -8 in winter, -7 in summer; Hai Phong keeps +7 all year.
        let losAngeles = catalogue.timeZone(at: try UNLocode("USLAX"))
        #expect(EDIFACTEvents.instant(ofLocalSeconds: RFC3339.parse("2026-07-01T12:00:00Z")!.timeIntervalSince1970, in: losAngeles)
                == RFC3339.parse("2026-07-01T19:00:00Z"))
        #expect(catalogue.timeZone(at: nil).identifier == "Asia/Ho_Chi_Minh")
        #expect(throws: TradeCatalogue.Failure.self) {
            try TradeCatalogue(yaml: "locations: []\nalertRules: []\nactivityChapters: {}\ntimeZones: {NLRTM: Europe/Atlantis}\n")
        }
    }
}
