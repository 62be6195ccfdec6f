import FTZCore
import Foundation
import HTTPTypes
import Identity
import RiskLearning
@testable import API
@testable import HTTPSupport
@testable import WebConsole
import Storage
import Testing
import TestSupport
import TradeData

extension ServerFixture {
    /// A customs officer: a department officer of an organisation of kind customs.
    func customsOfficerToken() async throws -> String {
        let system = Actor.system("test")
        let organisation = try await services.organisations.insertOrganisation(
            .init(kind: .customs, name: "Chi cục Hải quan KTM Hải Phòng", country: "VN"), by: system)
        _ = try await services.accounts.insertUser(.init(organisationID: organisation.id, username: "customs.officer",
                                                         displayName: "Customs officer", password: Self.password, roles: ["department_officer"]),
                                                   by: system)
        return try await services.authentication.login(username: "customs.officer", password: Self.password, clientAddress: nil).accessToken
    }
}

/// Risk targeting end to end: declarations are assessed on ingest, inspection outcomes
/// label them, a model is trained from them and scores what comes next, officers decide
/// lanes, and the hit rates reach the programme catalogue.
@Suite("Risk targeting over HTTP")
struct RiskAPITests {
    /// The investor of the fixture (a clean importer) and an importer that undervalues.
    static let cleanImporter = "0201234569", undervaluer = "0207770012"

    static func declaration(_ index: Int, importer: String, unitPrice: Int, quantity: Int, hour: Int) -> [String: Any] {
        let value = String(unitPrice * quantity)
        let time = Date(timeIntervalSince1970: 1_772_323_200 + Double(hour) * 3600)  // from 2026-03-01T00:00Z
        return [
            "number": String(format: "10%010d", index), "version": 1, "typeCode": "A12", "registeredAt": RFC3339.format(time),
            "declarantTaxCode": "0100109106", "trader": ["taxCode": importer, "name": "Importer \(importer)"],
            "totalValue": ["amount": value, "currency": "VND"], "channel": "green", "status": "registered",
            "lines": [["hsCode": "85023100", "description": "Wind turbine generator parts", "quantity": quantity, "unit": "SET",
                       "value": ["amount": value, "currency": "VND"], "originCountry": "DE", "grossWeightKg": quantity * 120]],
        ]
    }

    static func outcome(_ index: Int, finding: Bool) -> [String: Any] {
        var record: [String: Any] = [
            "declarationNumber": String(format: "10%010d", index), "declarationVersion": 1, "method": "physical",
            "result": finding ? "finding" : "no_finding", "inspectedAt": "2026-03-20T09:00:00+07:00",
            "revenueRaised": ["amount": finding ? "45000000" : "0", "currency": "VND"],
        ]
        if finding { record["findingKind"] = "undervaluation" }
        return record
    }

    /// Every fifth declaration is the undervaluer's, at a tenth of the usual unit price but in
    /// larger lots, so that declared values overlap and only the unit value tells them apart.
    static func history(_ range: Range<Int>) -> [[String: Any]] {
        range.map { index in
            index % 5 == 4 ? declaration(index, importer: undervaluer, unitPrice: 95_000 + index * 10, quantity: 10 + (index * 7) % 60, hour: index)
                : declaration(index, importer: cleanImporter, unitPrice: 1_000_000 + (index % 9) * 20_000, quantity: 1 + (index * 3) % 7, hour: index)
        }
    }

    /// The test's index of an assessment's declaration (its number without the prefix).
    static func index(_ assessment: [String: Any]) -> Int? {
        (assessment["declarationNumber"] as? String).flatMap { Int($0.dropFirst(2)) }
    }

    @Test(arguments: TestDatabase.kinds)
    func declarationsAreScoredOutcomesTrainTheModelAndOfficersDecideLanes(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let customs = try await app.feedToken(.customs, name: "VNACCS")
            let officer = try await app.customsOfficerToken()
            let ingested = try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": Self.history(0..<100)])
            #expect(ingested.status == .ok && ingested.json["accepted"] as? Int == 100)

            // Before any model: the profiles alone. The undervaluer's price is far below the
            // history of the same HS code and origin once five prices are known.
            let first = try await app.request(.get, "/v1/risk/queue?limit=500", token: officer, headers: ["Accept-Language": "en"])
            let unscored = try #require(first.json["items"] as? [[String: Any]])
            #expect(unscored.count == 100 && unscored.allSatisfy { $0["modelVersion"] == nil && $0["score"] == nil })
            let late = unscored.filter { Self.index($0).map { $0 % 5 == 4 && $0 >= 20 } ?? false }
            #expect(late.count == 16 && late.allSatisfy { $0["recommendedLane"] as? String == "red" })
            let profile = try #require((late.first?["reasons"] as? [[String: Any]])?.first)
            #expect(profile["kind"] as? String == "profile" && profile["code"] as? String == "UNDERVALUED"
                && profile["title"] as? String == "Unit value far below the history for the same HS code and origin")

            // Never to the declarant, nor to another department's feed.
            let someID = try #require(unscored.first?["declarationId"] as? String)
            #expect(try await app.request(.get, "/v1/risk/queue", token: app.investorToken).status == .forbidden)
            #expect(try await app.request(.get, "/v1/risk/assessments/\(someID)", token: app.investorToken).status == .forbidden)
            #expect(try await app.request(.get, "/v1/risk/models", token: customs).status == .forbidden)
            #expect(try await app.request(.get, "/v1/risk/queue").status == .unauthorized)

            // Outcomes: every record reported, bad ones named, a resend a duplicate.
            #expect(try await app.request(.post, "/v1/risk/models", token: app.adminToken).status == .conflict)
            let outcomes = (0..<100).map { Self.outcome($0, finding: $0 % 5 == 4) }
            var bad = Self.outcome(3, finding: true)
            bad["findingKind"] = nil
            let unknown = Self.outcome(999, finding: false)
            let reported = try await app.request(.post, "/v1/feeds/inspections", token: customs, json: ["records": outcomes + [bad, unknown]],
                                                 headers: ["Accept-Language": "en"])
            #expect(reported.status == .ok && reported.json["accepted"] as? Int == 100 && reported.json["rejected"] as? Int == 2)
            let records = try #require(reported.json["records"] as? [[String: Any]])
            let pointers = records.suffix(2).flatMap { ($0["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String } }
            #expect(pointers.contains("/records/100") || pointers.contains("/records/100/findingKind"))
            #expect(pointers.contains("/records/101/declarationNumber"))
            let resent = try await app.request(.post, "/v1/feeds/inspections", token: customs, json: ["records": Array(outcomes.prefix(3))])
            #expect(resent.json["duplicates"] as? Int == 3 && resent.json["accepted"] as? Int == 0)
            #expect(try await app.request(.post, "/v1/feeds/inspections", token: app.officerToken, json: ["records": []]).status == .forbidden)

            // Training: only administrators; the same outcomes give the same model.
            #expect(try await app.request(.post, "/v1/risk/models", token: officer).status == .forbidden)
            let trained = try await app.request(.post, "/v1/risk/models", token: app.adminToken)
            #expect(trained.status == .created && trained.json["version"] as? Int == 1 && trained.json["trainingRows"] as? Int == 100
                && trained.json["findings"] as? Int == 20)
            let digest = try #require(trained.json["trainingDigest"] as? String)
            #expect(digest.count == 64)
            let again = try await app.request(.post, "/v1/risk/models", token: app.adminToken)
            #expect(again.json["version"] as? Int == 2 && again.json["trainingDigest"] as? String == digest)
            #expect((again.json["thresholds"] as? [String: Double]) == (trained.json["thresholds"] as? [String: Double]))

            // New declarations are scored by the newest model, the undervaluer's highest.
            let fresh = try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": Self.history(100..<110)])
            #expect(fresh.json["accepted"] as? Int == 10)
            let queue = try await app.request(.get, "/v1/risk/queue?limit=500", token: officer)
            let scored = (queue.json["items"] as? [[String: Any]] ?? []).filter { $0["modelVersion"] as? Int == 2 }
            #expect(scored.count == 10)
            let scores = scored.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >), "highest first")
            let top = scored.prefix(2).compactMap(Self.index)
            #expect(top.sorted() == [104, 109], "the two undervalued declarations lead the queue: \(scored.map { (Self.index($0) ?? -1, $0["score"] ?? 0, $0["reasons"] ?? []) })")

            // The explanation in every language: the feature titles are the catalogue's.
            let riskiest = try #require(scored.first?["declarationId"] as? String)
            let catalogue = try RiskCatalogue.load(directory: nil)
            for language in ["vi", "en", "zh-Hans", "ko", "ja"] {
                let explained = try await app.request(.get, "/v1/risk/assessments/\(riskiest)", token: officer, headers: ["Accept-Language": language])
                let features = (explained.json["reasons"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "feature" }
                let feature = try #require(features.first)
                let definition = try #require(catalogue.features.first { $0.code == feature["code"] as? String })
                #expect(feature["title"] as? String == definition.title.values[language], "\(language)")
                #expect(feature["effect"] is Double)
                #expect(explained.headers[.contentLanguage] == language)
            }

            // Paging through the queue neither repeats nor skips.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await app.request(.get, "/v1/risk/queue?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""), token: officer)
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["declarationId"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 110 && Set(seen).count == 110)

            // Lane decisions: If-Match, a reason to override, once only, ledgered.
            let path = "/v1/risk/assessments/\(riskiest)/lane"
            #expect(try await app.request(.put, path, token: officer, json: ["lane": "green"]).status == .preconditionRequired)
            let current = try await app.request(.get, "/v1/risk/assessments/\(riskiest)", token: officer)
            let etag = try #require(current.headers[.eTag])
            let recommended = try #require(current.json["recommendedLane"] as? String)
            let other = recommended == "green" ? "red" : "green"
            let unexplained = try await app.request(.put, path, token: officer, json: ["lane": other], headers: ["If-Match": etag])
            #expect(unexplained.status == .unprocessableContent && unexplained.problemPointers == ["/reason"])
            #expect(try await app.request(.put, path, token: app.officerToken, json: ["lane": recommended], headers: ["If-Match": etag]).status
                == .forbidden, "lanes are customs' to decide")
            #expect(try await app.request(.put, path, token: officer, json: ["lane": recommended], headers: ["If-Match": "\"99\""]).status
                == .preconditionFailed)
            let overridden = try await app.request(.put, path, token: officer, json: ["lane": other, "reason": "Documents checked at the gate"],
                                                   headers: ["If-Match": etag])
            #expect(overridden.status == .ok && overridden.json["lane"] as? String == other
                && (overridden.json["decision"] as? [String: Any])?["reason"] as? String == "Documents checked at the gate")
            #expect(overridden.headers[HTTPField.Name("Ledger-Receipt")!] != nil)
            let twice = try await app.request(.put, path, token: officer, json: ["lane": recommended],
                                              headers: ["If-Match": try #require(overridden.headers[.eTag])])
            #expect(twice.status == .conflict && twice.isProblem)
            let remaining = try await app.request(.get, "/v1/risk/queue?limit=500", token: officer)
            #expect((remaining.json["items"] as? [Any])?.count == 109, "a decided declaration leaves the queue")

            // Hit rates: per model version in the model list, per lane in the programme catalogue.
            let models = try await app.request(.get, "/v1/risk/models", token: officer)
            #expect((models.json["items"] as? [[String: Any]])?.map { $0["version"] as? Int } == [2, 1])
            let programme = try await app.request(.get, "/v1/programmes/P10-SMART-FTZ", headers: ["Accept-Language": "en"])
            let indicators = programme.json["indicators"] as? [[String: Any]] ?? []
            let red = try #require(indicators.first { $0["code"] as? String == "P10-RISK-HIT-RATE-RED" })
            let redAssessments = unscored.filter { $0["recommendedLane"] as? String == "red" && $0["randomPick"] as? Bool == false }
            let redHits = redAssessments.filter { (Self.index($0) ?? 0) % 5 == 4 }
            let expected = Double(redHits.count) / Double(redAssessments.count) * 100
            #expect(abs((red["actual"] as? Double ?? -1) - expected) < 0.01, "\(red) against \(expected)")
        }
    }
    /// The channel VNACCS assigned binds (reference F11.x; issue 27): each assessment carries
    /// it beside the zone's lane, says whether they agree, and the programme indicator counts
    /// the agreement over the latest version of each declaration.
    @Test(arguments: TestDatabase.kinds)
    func theChannelVNACCSAssignedBindsAndTheZoneLaneStandsBesideIt(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let customs = try await app.feedToken(.customs, name: "VNACCS")
            let officer = try await app.customsOfficerToken()
            let records = (0..<12).map { index -> [String: Any] in
                var record = Self.declaration(index, importer: Self.cleanImporter, unitPrice: 1_000_000, quantity: 2, hour: index)
                record["channel"] = index % 3 == 0 ? "yellow" : "green"
                return record
            }
            let ingested = try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": records])
            #expect(ingested.json["accepted"] as? Int == 12)
            func assessments() async throws -> [[String: Any]] {
                try #require(try await app.request(.get, "/v1/risk/queue?limit=100", token: officer).json["items"] as? [[String: Any]])
            }
            func agreement() async throws -> Double? {
                let programme = try await app.request(.get, "/v1/programmes/P10-SMART-FTZ", headers: ["Accept-Language": "en"])
                let indicators = programme.json["indicators"] as? [[String: Any]] ?? []
                return indicators.first { $0["code"] as? String == "P10-LANE-AGREEMENT" }?["actual"] as? Double
            }
            let items = try await assessments()
            #expect(items.count == 12)
            for item in items {
                let index = try #require(Self.index(item))
                let channel = index % 3 == 0 ? "yellow" : "green"
                #expect(item["customsChannel"] as? String == channel, "the feed's channel is recorded with the assessment")
                #expect(item["agreesWithCustoms"] as? Bool == (item["lane"] as? String == channel))
            }
            let agreeing = items.filter { $0["agreesWithCustoms"] as? Bool == true }.count

            // VNACCS moves a green declaration to yellow in a new version: the latest version counts.
            let green = try #require(items.first { $0["customsChannel"] as? String == "green" && $0["lane"] as? String == "green" })
            let index = try #require(Self.index(green))
            var amended = Self.declaration(index, importer: Self.cleanImporter, unitPrice: 1_000_000, quantity: 2, hour: index)
            amended["version"] = 2
            amended["channel"] = "yellow"
            #expect(try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": [amended]]).json["accepted"] as? Int == 1)
            let latest = try await assessments().first { Self.index($0) == index && $0["declarationVersion"] as? Int == 2 }
            #expect(latest?["customsChannel"] as? String == "yellow")
            let expected = Double(agreeing - 1 + (latest?["lane"] as? String == "yellow" ? 1 : 0)) / 12 * 100
            // (Read once: the programme catalogue keeps live figures for a few seconds.)
            #expect(abs((try await agreement() ?? -1) - expected) < 0.01, "one declaration, counted once, at its latest channel")
        }
    }
}
