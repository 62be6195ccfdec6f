import FTZCore
import Foundation
import Storage
import TestSupport
import Testing
@testable import TradeData

@Suite("Telemetry: IoT readings, their series and the alert rules on them")
struct TelemetryTests {
    /// `minutes` after 2 March 2026 09:00 in Hai Phong, as a device would send it.
    static func at(_ minutes: Int) -> String { RFC3339.format(testEpoch.addingTimeInterval(Double(minutes) * 60)) }

    static func reefer(_ minute: Int, _ temperature: Double, setpoint: Double = -18, powered: Bool = true, container: String = "MSKU1234565",
                       id: String? = nil, time: Date? = nil) -> JSONValue {
        ["eventID": .string(id ?? "R-\(container)-\(minute)"), "eventType": "REEFER",
         "eventDateTime": .string(time.map { RFC3339.format($0) } ?? at(minute)),
         "equipmentReference": .string(container),
         "reeferDetails": ["measuredTemperature": .number(temperature), "setpointTemperature": .number(setpoint), "isPoweredOn": .bool(powered)]]
    }

    static func seal(_ minute: Int, _ state: String, number: String = "ML1234567", container: String = "MSKU1234565") -> JSONValue {
        ["eventID": .string("S-\(container)-\(minute)-\(state)"), "eventType": "IOT", "eventDateTime": .string(at(minute)),
         "equipmentReference": .string(container), "iotDetails": ["sealState": .string(state), "sealNumber": .string(number)]]
    }

    static func position(_ minute: Int, latitude: Double, longitude: Double, speed: Double = 0, vehicle: String = "15C-12345") -> JSONValue {
        ["eventID": .string("P-\(vehicle)-\(minute)"), "eventType": "POSITION", "eventDateTime": .string(at(minute)),
         "equipmentReference": "MSKU1234565",
         "positionDetails": ["vehicleReference": .string(vehicle), "latitude": .number(latitude), "longitude": .number(longitude), "speed": .number(speed)]]
    }

    /// The terminal gates the boxes in before their readings (a reporter speaks only for what
    /// it handles), and the clock moves a day on, so the readings lie in the past.
    static func handle(_ f: TradeFixture, _ containers: [String] = ["MSKU1234565"]) async throws {
        let before = RFC3339.format(testEpoch.addingTimeInterval(-3600))
        _ = try await f.service.ingestEvents(containers.map { TradeFixture.event("GTIN", $0, at: before) }, by: f.terminalFeed)
        f.clock.advance(by: 86_400)
    }

    /// Security review (issue 33): any terminal or logistics feed could post readings for any
    /// container, at any time.
    @Test(arguments: TestDatabase.kinds)
    func aReporterSpeaksOnlyForTheBoxesItHandlesAndForTimesThatCanBe(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            try await Self.handle(f)
            let future = Self.reefer(0, -18, id: "future", time: f.clock.now().addingTimeInterval(3600))
            let old = Self.reefer(0, -18, id: "old", time: f.clock.now().addingTimeInterval(-40 * 86_400))
            let report = try await f.service.ingestTelemetry([Self.reefer(0, -18), Self.reefer(1, -18, container: "TGHU1643396"), future, old],
                                                             by: f.terminalFeed)
            #expect(report.outcomes == [.accepted, .rejected, .rejected, .rejected])
            #expect(report.records[1].errors.map(\.pointer) == ["/records/1/equipmentReference"]
                    && report.records[1].errors.first?.reason == "container_not_handled")
            #expect(report.records[2].errors.map(\.reason) == ["datetime_future"] && report.records[2].errors.first?.arguments["minutes"] == "5")
            #expect(report.records[3].errors.map(\.reason) == ["datetime_past_retention"] && report.records[3].errors.first?.arguments["days"] == "30")
            // Another operator's feed does not speak for the terminal's box.
            let other = try await f.service.ingestTelemetry([Self.reefer(2, -18)], by: f.logisticsFeed)
            #expect(other.outcomes == [.rejected])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func readingsAreReportedOneByOneAndFoldedIntoFifteenMinuteSeries(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            try await Self.handle(f)
            let readings = (0..<30).map { Self.reefer($0, -18 + Double($0 % 3) * 0.5) }
            let bad: JSONValue = ["eventID": "R-40", "eventType": "REEFER", "eventDateTime": .string(Self.at(40)), "equipmentReference": "MSKU1234565",
                                  "reeferDetails": ["measuredTemperature": 120, "setpointTemperature": -18]]
            let report = try await f.service.ingestTelemetry(readings + [bad, ["eventType": "DOOR"]], by: f.terminalFeed)
            #expect(report.count(.accepted) == 30)
            #expect(report.records[30].errors.map(\.pointer) == ["/records/30/reeferDetails/measuredTemperature",
                                                                  "/records/30/reeferDetails/isPoweredOn"])
            #expect(report.records[31].errors.map(\.pointer).sorted() == ["/records/31/eventDateTime", "/records/31/eventID", "/records/31/eventType"])
            #expect(report.alerts.isEmpty, "within ±2 °C of the setpoint")

            // A resend is a duplicate; other content under an eventID is refused.
            let again = try await f.service.ingestTelemetry([Self.reefer(0, -18), Self.reefer(1, -10, id: "R-MSKU1234565-1")], by: f.terminalFeed)
            #expect(again.outcomes == [.duplicate, .rejected])
            #expect(again.records[1].errors.first?.reason == "conflicting_duplicate")

            let history = try await f.service.history(of: "MSKU1234565", by: f.officer)
            let temperature = try #require(history.telemetry).buckets
            // 09:00–09:14 and 09:15–09:29: fifteen readings each, cycling −18, −17.5, −17.
            #expect(temperature.map(\.readings) == [15, 15])
            #expect(temperature.map(\.minimum) == [-18, -18] && temperature.map(\.maximum) == [-17, -17])
            #expect(abs(temperature[0].mean - -17.5) < 1e-9 && temperature.map(\.setpoint) == [-18, -18])
            #expect(history.telemetry?.readings == 30)

            // After the retention period only the series remain.
            f.clock.advance(by: 31 * 86_400)
            #expect(try await f.service.purgeTelemetry(slice: 7) == 30)
            let later = try #require(try await f.service.history(of: "MSKU1234565", by: f.officer).telemetry)
            #expect(later.readings == 0 && later.buckets.map(\.readings) == [15, 15])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aReeferOutOfRangeForHalfAnHourRaisesOneAlertAcrossBatches(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            try await Self.handle(f)
            // A ten-minute excursion is tolerated.
            let short = try await f.service.ingestTelemetry((0...10).map { Self.reefer($0 * 1, -12) } + [Self.reefer(11, -18)], by: f.terminalFeed)
            #expect(short.alerts.isEmpty)
            // From 10:00 the unit warms up; the second batch brings it past 30 minutes.
            let first = try await f.service.ingestTelemetry((60...75).map { Self.reefer($0, -14) }, by: f.terminalFeed)
            #expect(first.alerts.isEmpty)
            let second = try await f.service.ingestTelemetry((76...95).map { Self.reefer($0, -13.5) }, by: f.terminalFeed)
            let alert = try #require(second.alerts.first)
            #expect(alert.ruleCode == "REEFER-OUT-OF-RANGE" && alert.containerNumber == "MSKU1234565")
            #expect(alert.details["minutes"] == 35 && alert.details["worstTemperature"] == .number(-13.5) && alert.details["since"] == .string(Self.at(60)))
            let third = try await f.service.ingestTelemetry([Self.reefer(96, -13)], by: f.terminalFeed)
            #expect(third.alerts.isEmpty, "one open alert per container")
            #expect(try await f.ledgerActions().filter { $0 == "trade.alert.opened" }.count == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aReeferLosingPowerRaisesAnAlert(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            try await Self.handle(f)
            let report = try await f.service.ingestTelemetry([Self.reefer(0, -18), Self.reefer(5, -17.8, powered: false)], by: f.terminalFeed)
            #expect(report.alerts.map(\.ruleCode) == ["REEFER-POWER-OFF"])
            #expect(report.alerts.first?.details["at"] == .string(Self.at(5)))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anESealOpenedOutsideAStrippingOrTamperedRaisesAnAlert(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            try await Self.handle(f, ["MSKU1234565", "TGHU1643396"])
            // Stripped at the bonded warehouse at 10:00: opening at 10:30 is authorised.
            _ = try await f.service.ingestEvents([TradeFixture.event("STRP", at: Self.at(60), facility: "FTZW1")], by: f.terminalFeed)
            let authorised = try await f.service.ingestTelemetry([Self.seal(0, "closed"), Self.seal(90, "opened")], by: f.terminalFeed)
            #expect(authorised.alerts.isEmpty)
            // Another box opened with no stripping at all.
            let opened = try await f.service.ingestTelemetry([Self.seal(30, "opened", container: "TGHU1643396")], by: f.terminalFeed)
            #expect(opened.alerts.map(\.ruleCode) == ["SEAL-BREACH"] && opened.alerts.first?.details["state"] == "opened")
            // Tampering is never authorised.
            let tampered = try await f.service.ingestTelemetry([Self.seal(100, "tampered")], by: f.terminalFeed)
            #expect(tampered.alerts.map(\.ruleCode) == ["SEAL-BREACH"] && tampered.alerts.first?.containerNumber == "MSKU1234565")
        }
    }

    /// The e-seal is customs' positioning seal (reference F12.3-F12.4): it is judged against
    /// the customs seal the supervision feed recorded, never against the carrier's seal on the
    /// manifest, which is another seal and is only reported beside it.
    @Test(arguments: TestDatabase.kinds)
    func anESealThatIsNotTheRecordedCustomsSealRaisesAnAlert(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            try await Self.handle(f, ["TGHU1643396"])
            let manifest: JSONValue = [
                "vesselIMONumber": "9778791", "voyage": "512W", "portOfLoading": "CNSHA", "portOfDischarge": "VNHPH",
                "bills": [["number": "MAEU123456789", "containers": [["number": "MSKU1234565", "seals": ["ML1234567"], "isoEquipmentCode": "45R1"]]]],
            ]
            _ = try await f.service.ingestManifests([manifest], by: f.terminalFeed)
            // With no customs seal recorded, the carrier's seal is not a reason to judge.
            #expect(try await f.service.ingestTelemetry([Self.seal(0, "closed", number: "XX9999999")], by: f.terminalFeed).alerts.isEmpty)
            _ = try await f.service.ingestSupervision([TradeFixture.supervision(at: Self.at(1), customsSeal: "VNES000123", transitTo: "FTZW1")],
                                                      by: f.customsFeed)
            let matching = try await f.service.ingestTelemetry([Self.seal(2, "closed", number: "VNES000123")], by: f.terminalFeed)
            #expect(matching.alerts.isEmpty, "the customs seal, though the manifest lists the carrier's ML1234567")
            let other = try await f.service.ingestTelemetry([Self.seal(5, "closed", number: "XX9999999")], by: f.terminalFeed)
            #expect(other.alerts.map(\.ruleCode) == ["SEAL-MISMATCH"])
            #expect(other.alerts.first?.details["customsSeals"] == ["VNES000123"] && other.alerts.first?.details["carrierSeals"] == ["ML1234567"])
            // A box with no customs seal recorded is not judged.
            let uncovered = try await f.service.ingestTelemetry([Self.seal(6, "closed", number: "XX9999999", container: "TGHU1643396")],
                                                                by: f.terminalFeed)
            #expect(uncovered.alerts.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aTruckStandingOutsideTheAuthorisedAreasRaisesAnAlert(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            try await Self.handle(f)
            // Twenty minutes at the Nam Dinh Vu logistics area: where trucks wait.
            let inside = try await f.service.ingestTelemetry((0...20).map { Self.position($0, latitude: 20.830, longitude: 106.780) }, by: f.terminalFeed)
            #expect(inside.alerts.isEmpty)
            // On the road between the areas: driving is fine, standing for 16 minutes is not.
            let driving = try await f.service.ingestTelemetry((30...50).map { Self.position($0, latitude: 20.835, longitude: 106.850, speed: 40) },
                                                              by: f.terminalFeed)
            #expect(driving.alerts.isEmpty)
            let standing = try await f.service.ingestTelemetry((60...76).map { Self.position($0, latitude: 20.835, longitude: 106.850, speed: 1) },
                                                               by: f.terminalFeed)
            let alert = try #require(standing.alerts.first)
            #expect(alert.ruleCode == "TRUCK-STOP-OUTSIDE-AREA" && alert.subject == "vehicle:15C-12345")
            #expect(alert.details["minutes"] == 16 && alert.containerNumber == "MSKU1234565")
            #expect(alert.details["outlinesApproximate"] == true, "judged against outlines not yet surveyed")
        }
    }

    /// The zone's three sites of Decision 4068/QĐ-UBND (reference F2.5) with the ports beside
    /// them, every outline marked approximate until the surveyed ones are loaded.
    @Test func thePolygonsOfTheZoneTellInsideFromOutside() throws {
        let areas = TradeFixture.catalogue.authorisedAreas
        #expect(areas.map(\.code) == ["FTZ-SITE-1", "FTZ-SITE-2", "FTZ-SITE-3", "LACH-HUYEN", "DINH-VU"])
        let sites = areas.filter { $0.kind == .zoneSite }
        #expect(sites.compactMap(\.hectares).reduce(0, +) == 6292 && sites.allSatisfy { $0.reference == "F2.5" && $0.units?.isEmpty == false })
        #expect(areas.allSatisfy { $0.approximate == true })
        #expect(areas[1].contains(latitude: 20.830, longitude: 106.780), "Nam Dinh Vu, in site 2")
        #expect(!areas.contains { $0.contains(latitude: 20.835, longitude: 106.850) }, "the road between sites 2 and 3")
        #expect(!areas[1].contains(latitude: 20.850, longitude: 106.780), "north of the site")
    }
}
