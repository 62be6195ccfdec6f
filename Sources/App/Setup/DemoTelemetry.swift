import FTZCore
import Foundation
import TradeData

/// Two days of a reefer at the Lach Huyen terminal for the demo: a reading every five
/// minutes around its −18 °C setpoint with one warm spell of fifty minutes (which opens a
/// REEFER-OUT-OF-RANGE alert), its e-seal, and a truck that stood twenty minutes on the
/// road between the terminals and the logistics area. Seeded, so every demo shows the same.
enum DemoTelemetry {
    static let container = "MSKU1234565"

    static func seed(trade: TradeService, feed: Actor, now: Date) async throws {
        var random = SplitMix64(seed: 6346)
        let start = now.addingTimeInterval(-48 * 3600)
        _ = try await trade.ingestEvents([gateIn(at: start)], by: feed)
        var records: [JSONValue] = [seal(at: start.addingTimeInterval(60))]
        let warmSpell = 38 * 12..<(38 * 12 + 10)  // ten readings from 38 hours in
        for step in 0..<(48 * 12) {
            let noise = Double(random.unit()) * 1.2 - 0.6
            let warming = warmSpell.contains(step) ? Double(step - warmSpell.lowerBound + 1) * 0.55 : 0
            records.append(reefer(step, at: start.addingTimeInterval(Double(step) * 300), temperature: -18 + noise + warming))
        }
        // A truck with the box stands on the road outside every authorised area.
        for minute in stride(from: 0, through: 20, by: 2) {
            records.append(position(minute, at: now.addingTimeInterval(-3 * 3600 + Double(minute) * 60)))
        }
        _ = try await trade.ingestTelemetry(records, by: feed)
    }

    private static func gateIn(at: Date) -> JSONValue {
        ["eventID": "demo-reefer-gate-in", "eventType": "EQUIPMENT", "eventClassifierCode": "ACT", "eventDateTime": .string(RFC3339.format(at)),
         "equipmentEventTypeCode": "GTIN", "equipmentReference": .string(container), "ISOEquipmentCode": "45R1", "emptyIndicatorCode": "LADEN",
         "eventLocation": ["UNLocationCode": "VNHPH", "facilityCode": "HICT", "facilityCodeListProvider": "SMDG"]]
    }

    private static func seal(at: Date) -> JSONValue {
        ["eventID": "demo-seal-0", "eventType": "IOT", "eventDateTime": .string(RFC3339.format(at)), "equipmentReference": .string(container),
         "iotDetails": ["sealState": "closed", "sealNumber": "ML1234567"]]
    }

    private static func reefer(_ step: Int, at: Date, temperature: Double) -> JSONValue {
        ["eventID": .string("demo-reefer-\(step)"), "eventType": "REEFER", "eventDateTime": .string(RFC3339.format(at)),
         "equipmentReference": .string(container),
         "reeferDetails": ["measuredTemperature": .number((temperature * 10).rounded() / 10), "setpointTemperature": -18,
                           "measuredHumidity": 85, "isPoweredOn": true]]
    }

    private static func position(_ minute: Int, at: Date) -> JSONValue {
        ["eventID": .string("demo-truck-\(minute)"), "eventType": "POSITION", "eventDateTime": .string(RFC3339.format(at)),
         "equipmentReference": .string(container),
         "positionDetails": ["vehicleReference": "15C-24680", "latitude": 20.8352, "longitude": 106.8504, "speed": 0]]
    }
}
