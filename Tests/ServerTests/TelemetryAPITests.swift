import FTZCore
import Foundation
import HTTPTypes
import Storage
import TestSupport
import Testing
import TradeData

@Suite("Telemetry over HTTP: the feed, the container's series and its chart")
struct TelemetryAPITests {
    /// Three hours ago, on a quarter hour: the service runs on the real clock, and readings
    /// must lie within the zone's retention and not in the future.
    static let start = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 - 3 * 3600) / 900).rounded(.down) * 900)

    static func reefer(_ minute: Int, _ temperature: Double) -> [String: Any] {
        ["eventID": "r\(minute)", "eventType": "REEFER", "eventDateTime": RFC3339.format(start.addingTimeInterval(Double(minute) * 60)),
         "equipmentReference": "MSKU1234565",
         "reeferDetails": ["measuredTemperature": temperature, "setpointTemperature": -18.0, "isPoweredOn": true]]
    }

    /// The terminal reports the boxes through its gate first: it speaks only for those it handles.
    static func gateIn(_ app: ServerFixture, token: String, _ containers: [String]) async throws {
        let time = RFC3339.format(start.addingTimeInterval(-3600))
        let events = containers.map { TradeAPITests.event("gate-in-\($0)", "GTIN", $0, time, facility: "HICT") }
        let posted = try await app.request(.post, "/v1/feeds/events", token: token, json: ["records": events])
        #expect(posted.status == .ok && posted.json["accepted"] as? Int == containers.count, "\(posted.text)")
    }

    @Test(arguments: TestDatabase.kinds)
    func aTerminalSendsReeferReadingsAndStaffSeeTheChartAndTheAlert(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            try await Self.gateIn(app, token: terminal, ["MSKU1234565"])
            // An hour of readings; from minute 20 the unit warms to −14 °C.
            var records: [[String: Any]] = (0..<60).map { Self.reefer($0, $0 < 20 ? -18 : -14) }
            records.append(["eventID": "bad", "eventType": "REEFER", "eventDateTime": "yesterday", "equipmentReference": "MSKU1234565"])
            let report = try await app.request(.post, "/v1/feeds/telemetry", token: terminal, json: ["records": records],
                                               headers: ["Accept-Language": "en"])
            #expect(report.status == .ok && report.json["accepted"] as? Int == 60 && report.json["rejected"] as? Int == 1)
            let rejected = try #require((report.json["records"] as? [[String: Any]])?.last?["errors"] as? [[String: Any]])
            #expect(Set(rejected.compactMap { $0["pointer"] as? String }) == ["/records/60/eventDateTime", "/records/60/reeferDetails"])
            let alerts = try #require(report.json["alerts"] as? [[String: Any]])
            #expect(alerts.first?["title"] as? String == "Reefer temperature outside its setpoint range")
            #expect(alerts.first?["kind"] as? String == "reefer_out_of_range")

            // Customs does not send telemetry; nobody without a token does.
            let customs = try await app.feedToken(.customs, name: "Hai Phong Customs")
            #expect(try await app.request(.post, "/v1/feeds/telemetry", token: customs, json: ["records": []]).status == .forbidden)
            #expect(try await app.request(.post, "/v1/feeds/telemetry", json: ["records": []]).status == .unauthorized)

            let history = try await app.request(.get, "/v1/containers/MSKU1234565", token: app.officerToken)
            let series = try #require((history.json["telemetry"] as? [String: Any])?["series"] as? [[String: Any]])
            let temperature = series
            #expect(temperature.map { $0["readings"] as? Int } == [15, 15, 15, 15])
            #expect(temperature.map { $0["maximum"] as? Double } == [-18, -14, -14, -14])
            #expect(temperature.map { $0["setpoint"] as? Double } == [-18, -18, -18, -18])

            let officer = try await WebConsoleDossierTests.Browser(app, token: app.officerToken)
            let track = try await officer.get(app, "/containers/MSKU1234565")
            #expect(track.status == .ok)
            #expect(track.text.contains("<h2>Reefer temperature</h2>"))
            #expect(track.text.contains("lowest -18.0 °C, highest -14.0 °C; setpoint -18.0 °C"), "the caption says what the chart shows")
            #expect(track.text.contains("<polyline class=\"mean\" points=\"0.0,"))
            #expect(track.text.contains("Reefer temperature outside its setpoint range"), "the alert on the track")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEnterpriseFollowsItsOwnContainersDeviceAlertsThroughItsWebhook(kind: DatabaseKind) async throws {
        let receiver = RecordingWebhookTransport()
        try await ServerFixture.with(kind, webhookTransport: receiver) { app in
            let customs = try await app.feedToken(.customs, name: "Hai Phong Customs")
            let declarations = [CustomsProcedureTypeTests.declaration("104512345678", "A12", containers: ["MSKU1234565"])]
            #expect(try await app.request(.post, "/v1/feeds/declarations", token: customs, json: ["records": declarations]).status == .ok)
            let created = try await app.request(.post, "/v1/webhooks", token: app.investorToken,
                                                json: ["url": "http://erp.example.test/hooks", "eventTypes": ["iot.reefer_power_off"]])
            #expect(created.status == .created, "\(created.text)")
            let listed = try await app.request(.get, "/v1/webhooks", token: app.investorToken)
            #expect((listed.json["eventTypes"] as? [String] ?? []).filter { $0.hasPrefix("iot.") }
                == AlertRuleKind.allCases.filter(\.isTelemetry).map { "iot.\($0.rawValue)" }, "one event type per telemetry rule")

            let terminal = try await app.feedToken(.terminalOperator, name: "HICT")
            try await Self.gateIn(app, token: terminal, ["MSKU1234565", "TGHU1643396"])
            var off = Self.reefer(0, -18)
            off["reeferDetails"] = ["measuredTemperature": -17.5, "setpointTemperature": -18.0, "isPoweredOn": false]
            // Another enterprise's box loses power too: not this subscriber's business.
            var other = off
            other["eventID"] = "other"
            other["equipmentReference"] = "TGHU1643396"
            let report = try await app.request(.post, "/v1/feeds/telemetry", token: terminal, json: ["records": [off, other]])
            #expect((report.json["alerts"] as? [[String: Any]])?.count == 2)
            try await app.services.notifications.project()
            #expect(try await app.services.notifications.deliverDue() == 1)
            let delivered = try #require(receiver.received.first)
            #expect(delivered.json["type"] as? String == "iot.reefer_power_off")
            #expect((delivered.json["data"] as? [String: Any])?["container"] as? String == "MSKU1234565")
            let inbox = try await app.request(.get, "/v1/notifications", token: app.investorToken)
            let titles = (inbox.json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            #expect(titles == ["Container MSKU1234565: container lạnh mất nguồn điện"], "in the organisation's language, and only its own box")
        }
    }
}
