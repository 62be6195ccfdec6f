import FTZCore
import Foundation
import HTTPTypes
import Identity
@testable import API
@testable import HTTPSupport
@testable import WebConsole
import Storage
import Testing
import TestSupport
import TradeData

extension ServerFixture {
    /// A machine client of a new organisation of `kind` with the data-feed role and scope, and its token.
    func feedToken(_ kind: OrganisationKind, name: String) async throws -> String {
        let system = Actor.system("test")
        let organisation = try await services.organisations.insertOrganisation(.init(kind: kind, name: name, country: "VN"), by: system)
        let client = try await services.clients.insertClient(.init(organisationID: organisation.id, name: name, roles: ["data_feed"],
                                                                    scopes: [TradeService.feedScope]), by: system)
        return try await services.authentication.clientCredentials(clientID: client.client.clientID, clientSecret: client.clientSecret,
                                                                   requestedScopes: nil).accessToken
    }
}

@Suite("Trade data over HTTP")
struct TradeAPITests {
    static func event(_ id: String, _ code: String, _ container: String, _ time: String, facility: String) -> [String: Any] {
        ["eventID": id, "eventType": "EQUIPMENT", "eventClassifierCode": "ACT", "eventDateTime": time, "equipmentEventTypeCode": code,
         "equipmentReference": container, "eventLocation": ["UNLocationCode": "VNHPH", "facilityCode": facility]]
    }

    @Test(arguments: TestDatabase.kinds)
    func feedsReportEveryRecordAndStaffWorkTheAlerts(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            let batch: [String: Any] = ["records": [
                Self.event("e1", "GTOT", "MSKU1234565", "2026-03-02T08:00:00+07:00", facility: "FTZG1"),
                ["eventID": "e2", "eventType": "EQUIPMENT", "equipmentReference": "MSKU1234566"],
            ]]
            let report = try await app.request(.post, "/v1/feeds/events", token: terminal, json: batch, headers: ["Accept-Language": "en"])
            #expect(report.status == .ok && report.json["accepted"] as? Int == 1 && report.json["rejected"] as? Int == 1)
            let records = try #require(report.json["records"] as? [[String: Any]])
            let errors = try #require(records[1]["errors"] as? [[String: Any]])
            #expect(errors.contains { $0["pointer"] as? String == "/records/1/equipmentReference" && $0["code"] as? String == "container_number.check_digit" })
            #expect(errors.allSatisfy { ($0["detail"] as? String)?.isEmpty == false })
            #expect(report.headers[HTTPField.Name("Ledger-Receipt")!] != nil)
            let alerts = try #require(report.json["alerts"] as? [[String: Any]])
            #expect(alerts.first?["title"] as? String == "Container gated out before customs showed it eligible to pass the supervised area")

            #expect(try await app.request(.post, "/v1/feeds/declarations", token: terminal, json: ["records": []]).status == .forbidden)
            #expect(try await app.request(.post, "/v1/feeds/events", token: app.officerToken, json: ["records": []]).status == .forbidden)
            #expect(try await app.request(.post, "/v1/feeds/events", json: ["records": []]).status == .unauthorized)

            // Customs' supervision feed (VASSCM): only customs sends it; the container's history shows it.
            let customs = try await app.feedToken(.customs, name: "VNACCS")
            let eligible: [String: Any] = ["containerNumber": "MSKU1234565", "declarationNumber": "104512345678", "status": "eligible_to_pass",
                                           "at": "2026-03-02T07:30:00+07:00", "facility": "HICT", "sealRequired": true,
                                           "customsSeal": ["number": "VNES000123", "kind": "positioning_eseal"]]
            #expect(try await app.request(.post, "/v1/feeds/supervision", token: terminal, json: ["records": [eligible]]).status == .forbidden)
            let unsealed = eligible.merging(["customsSeal": NSNull()]) { $1 }
            let supervised = try await app.request(.post, "/v1/feeds/supervision", token: customs, json: ["records": [eligible, unsealed]])
            #expect(supervised.status == .ok && supervised.json["accepted"] as? Int == 1 && supervised.json["rejected"] as? Int == 1)
            let sealErrors = ((supervised.json["records"] as? [[String: Any]])?[1]["errors"] as? [[String: Any]]) ?? []
            #expect(sealErrors.map { $0["pointer"] as? String } == ["/records/1/customsSeal"], "a seal the list requires is required")

            let history = try await app.request(.get, "/v1/containers/MSKU1234565", token: app.officerToken)
            #expect(history.status == .ok && (history.json["events"] as? [Any])?.count == 1 && history.json["state"] as? String == "outside")
            let supervision = try #require((history.json["supervision"] as? [[String: Any]])?.first)
            #expect(supervision["status"] as? String == "eligible_to_pass" && (supervision["customsSeal"] as? [String: Any])?["kind"] as? String == "positioning_eseal")
            #expect(try await app.request(.get, "/v1/containers/MSKU1234566", token: app.officerToken).status == .unprocessableContent)
            #expect(try await app.request(.get, "/v1/containers/TGHU1643396", token: app.officerToken).status == .notFound)
            #expect(try await app.request(.get, "/v1/containers/MSKU1234565", token: app.investorToken).status == .forbidden)

            let open = try await app.request(.get, "/v1/alerts?status=open", token: app.officerToken)
            let alert = try #require((open.json["items"] as? [[String: Any]])?.first)
            let id = try #require(alert["id"] as? String)
            let single = try await app.request(.get, "/v1/alerts/\(id)", token: app.officerToken)
            let etag = try #require(single.headers[.eTag])
            #expect(try await app.request(.post, "/v1/alerts/\(id)/transitions", token: app.officerToken, json: ["action": "acknowledge"])
                .status == .preconditionRequired)
            let acknowledged = try await app.request(.post, "/v1/alerts/\(id)/transitions", token: app.officerToken,
                                                     json: ["action": "acknowledge", "comment": "Checking with customs"], headers: ["If-Match": etag])
            #expect(acknowledged.status == .ok && acknowledged.json["status"] as? String == "acknowledged")
            #expect(try await app.request(.post, "/v1/alerts/\(id)/transitions", token: app.officerToken, json: ["action": "close"],
                                          headers: ["If-Match": etag]).status == .preconditionFailed)
            let closed = try await app.request(.post, "/v1/alerts/\(id)/transitions", token: app.officerToken, json: ["action": "close"],
                                               headers: ["If-Match": try #require(acknowledged.headers[.eTag])])
            #expect(closed.status == .ok && closed.json["status"] as? String == "closed")
            let again = try await app.request(.post, "/v1/alerts/\(id)/transitions", token: app.officerToken, json: ["action": "close"],
                                              headers: ["If-Match": try #require(closed.headers[.eTag])])
            #expect(again.status == .conflict && again.isProblem)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func edifactInterchangesAreReadAndTheirEnvelopesChecked(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "Tan Cang")
            let interchange = """
                UNA:+.? 'UNB+UNOA:2+TCHP:ZZZ+HPFTZ:ZZZ+260302:1000+CO7'UNH+1+CODECO:D:95B:UN:ITG14'BGM+34+GI1+9'
                EQD+CN+TGHU1643396+22G1:102:5++2+5'DTM+7:202603021000:203'LOC+165+VNHPH:139:6+TCHP:TER:ZZZ'UNT+6+1'UNZ+1+CO7'
                """
            let report = try await app.request(.post, "/v1/feeds/edifact", token: terminal, body: interchange,
                                               headers: ["Content-Type": "application/EDIFACT"])
            #expect(report.status == .ok && report.json["accepted"] as? Int == 1 && report.json["kind"] as? String == "edifact")
            let resent = try await app.request(.post, "/v1/feeds/edifact", token: terminal, body: interchange,
                                               headers: ["Content-Type": "application/EDIFACT"])
            #expect(resent.json["duplicates"] as? Int == 1)
            let broken = try await app.request(.post, "/v1/feeds/edifact", token: terminal,
                                               body: interchange.replacingOccurrences(of: "UNZ+1+CO7", with: "UNZ+2+CO7"),
                                               headers: ["Content-Type": "application/EDIFACT", "Accept-Language": "en"])
            #expect(broken.status == .unprocessableContent && broken.isProblem && broken.problemPointers == ["segment:8"])
            #expect((broken.json["detail"] as? String)?.contains("segment 8") == true)
            #expect(try await app.request(.post, "/v1/feeds/edifact", token: terminal, body: interchange, headers: ["Content-Type": "text/plain"])
                .status == .unsupportedMediaType)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func malformedBatchesAreProblemsNamingTheFault(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "Sloppy")
            let malformed = try await app.request(.post, "/v1/feeds/events", token: terminal, body: #"{"records": [ {"eventID": } ]}"#,
                                                  headers: ["Content-Type": "application/json"])
            #expect(malformed.status == .badRequest && malformed.isProblem)
            let missing = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["items": []])
            #expect(missing.status == .unprocessableContent && missing.problemPointers == ["/records"])
            let notArray = try await app.request(.post, "/v1/feeds/manifests", token: terminal, json: ["records": "all of them"])
            #expect(notArray.status == .unprocessableContent && notArray.problemPointers == ["/records"])
            let notObject = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": ["just a string"]])
            #expect(notObject.status == .ok && notObject.json["rejected"] as? Int == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aFeedBodyOverItsLimitIsRefused(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.http.maximumFeedBytes = 1_000 }) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "Big")
            let records = (0..<20).map { Self.event("big-\($0)", "GTIN", "MSKU1234565", "2026-03-02T08:00:00+07:00", facility: "HICT") }
            let refused = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": records])
            #expect(refused.status == .contentTooLarge && refused.isProblem)
        }
    }

    static let permits = StreamPermits(perPrincipal: 100)

    static func stream(_ app: ServerFixture, token: String, actor: Actor, position: Int64, recheckSeconds: Double) throws -> LiveTradeStream {
        let authentication = app.services.authentication
        return LiveTradeStream(trade: app.services.trade, actor: actor, position: position,
                               reauthenticate: { try await authentication.authenticate(bearer: token) },
                               recheckSeconds: recheckSeconds, lease: try permits.acquire(for: actor.reference),
                               frame: TradeMapping(language: .en, messages: app.services.messages, catalogue: app.services.trade.catalogue).streamFrame)
    }

    @Test(arguments: TestDatabase.kinds)
    func aStreamEndsWhenItsTokenNoLongerHolds(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let officer = try await app.services.authentication.authenticate(bearer: app.officerToken)
            var iterator = try Self.stream(app, token: app.officerToken, actor: officer, position: 0, recheckSeconds: 0).makeAsyncIterator()
            #expect(try await iterator.next() != nil, "the stream opens")
            #expect(try await app.request(.post, "/v1/auth/logout", token: app.officerToken).status == .noContent)
            let afterLogout = try await iterator.next()
            #expect(afterLogout == nil, "logged out: the stream ends instead of streaming on")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aPrincipalHoldsAFewStreamsAtOnce(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.streamsPerPrincipal = 1; $0.tokenCacheLifetime = 1 }) { app in
            let permits = StreamPermits(perPrincipal: 1)
            let lease = try permits.acquire(for: "user:a")
            #expect(throws: Problem.self) { try permits.acquire(for: "user:a") }
            #expect(permits.held(by: "user:b") == 0)
            _ = lease
            // Over HTTP: a second stream of the same officer, while the first is open, is a 429.
            let officer = try await app.services.authentication.authenticate(bearer: app.officerToken)
            async let first = app.request(.get, "/v1/trade/stream", token: app.officerToken)
            // The second goes only once the first holds its permit (a fixed pause is not enough on a
            // loaded machine: the second would open a stream of its own and never end).
            let clock = ContinuousClock(), deadline = clock.now + .seconds(30)
            while app.services.streams.held(by: officer.reference) == 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let opened = app.services.streams.held(by: officer.reference) == 1
            let second = opened ? try await app.request(.get, "/v1/trade/stream", token: app.officerToken) : nil
            _ = try? await app.request(.post, "/v1/auth/logout", token: app.officerToken)  // ends the first
            _ = try await first
            try #require(opened, "the first stream never opened")
            #expect(second?.status == .tooManyRequests && second?.isProblem == true, "\(String(describing: second?.status))")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theStreamIsForStaffAndReplaysAfterTheLastEventID(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            #expect(try await app.request(.get, "/v1/trade/stream").status == .unauthorized)
            #expect(try await app.request(.get, "/v1/trade/stream", token: app.investorToken).status == .forbidden)
            #expect(try await app.request(.get, "/v1/trade/stream", token: app.officerToken, headers: ["Last-Event-ID": "soon"]).status
                    == .badRequest)
            let terminal = try await app.feedToken(.terminalOperator, name: "Stream")
            _ = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": [
                Self.event("s1", "GTIN", "MSKU1234565", "2026-03-02T08:00:00+07:00", facility: "HICT"),
                Self.event("s2", "GTOT", "MSKU1234565", "2026-03-02T09:00:00+07:00", facility: "FTZG1"),
            ]])
            let officer = try await app.services.authentication.authenticate(bearer: app.officerToken)
            let stream = try Self.stream(app, token: app.officerToken, actor: officer, position: 1, recheckSeconds: 60)
            var frames: [String] = []
            var iterator = stream.makeAsyncIterator()
            for _ in 0..<3 { if let frame = try await iterator.next() { frames.append(String(decoding: frame, as: UTF8.self)) } }
            #expect(frames[0] == "retry: 2000\n\n")
            #expect(frames[1].hasPrefix("id: 2\nevent: container_event\ndata: {") && frames[1].contains("\"eventId\":\"s2\""))
            #expect(frames[2].hasPrefix("id: 3\nevent: alert\n") && frames[2].hasSuffix("}\n\n"))
        }
    }
}

@Suite("Problem 10's trade indicators")
struct TradeIndicatorTests {
    @Test(arguments: TestDatabase.kinds)
    func customsChannelSharesAndDwellTimeAreMeasuredFromTheFeeds(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let customs = try await app.feedToken(.customs, name: "Hai Phong Customs")
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            func declaration(_ number: String, _ channel: String) -> [String: Any] {
                CustomsProcedureTypeTests.declaration(number, "C11", channel: channel, containers: ["MSKU1234565"])
            }
            let declared = try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": [
                declaration("104500000011", "green"), declaration("104500000012", "green"), declaration("104500000013", "red"),
                declaration("104500000014", "yellow"),
            ]])
            #expect(declared.json["accepted"] as? Int == 4)
            let now = Date()
            _ = try await app.request(.post, "/v1/feeds/events", token: terminal, json: ["records": [
                // The average counts stays that ended in the last 90 days: this one, a day long.
                TradeAPITests.event("d1", "GTIN", "MSKU1234565", RFC3339.format(now.addingTimeInterval(-3 * 86_400)), facility: "HICT"),
                TradeAPITests.event("d2", "GTOT", "MSKU1234565", RFC3339.format(now.addingTimeInterval(-2 * 86_400)), facility: "FTZG1"),
            ]])
            let programme = try await app.request(.get, "/v1/programmes/P10-SMART-FTZ")
            let indicators = try #require(programme.json["indicators"] as? [[String: Any]])
            let channels = try #require(indicators.first { $0["code"] as? String == "P10-CUSTOMS-CHANNELS" })
            #expect(channels["actual"] as? Double == 50 && (channels["breakdown"] as? [Any])?.count == 3)
            let dwell = try #require(indicators.first { $0["code"] as? String == "P10-DWELL-TIME" })
            #expect(dwell["actual"] as? Double == 24)
        }
    }
}
