import FTZCore
import Foundation

/// A telemetry record of a feed batch, shaped like a DCSA IoT event:
///
/// - every record: `eventID`, `eventType` (`REEFER`, `IOT` or `POSITION`), `eventDateTime`;
/// - `REEFER` and `IOT`: `equipmentReference` (ISO 6346);
/// - `REEFER`: `reeferDetails` with `measuredTemperature`, `setpointTemperature` (°C),
///   `isPoweredOn` and optionally `measuredHumidity` (%);
/// - `IOT`: `iotDetails` with `sealState` (`closed`, `opened`, `tampered`) and `sealNumber`;
/// - `POSITION`: `positionDetails` with `vehicleReference` (the truck's plate), `latitude`,
///   `longitude` and `speed` (km/h); `equipmentReference` when it carries a container.
enum TelemetryRecord {
    /// Far beyond any reefer's range: a reading outside it is a faulty sensor, not cargo.
    static let temperatures: ClosedRange<Double> = -80...80

    /// How far ahead of the server's clock a device's may run before its readings are refused.
    static let clockSkew: TimeInterval = 5 * 60

    /// The times a reading may carry: from the zone's raw retention ago up to now plus
    /// ``clockSkew``. A reading from the future would stand in every look-back window, one
    /// older than retention would be purged at once.
    struct Window: Sendable {
        let retentionDays: Int
        let earliest: Date
        let latest: Date

        init(now: Date, retentionDays: Int) {
            self.retentionDays = retentionDays
            earliest = now.addingTimeInterval(-Double(retentionDays) * 86_400)
            latest = now.addingTimeInterval(TelemetryRecord.clockSkew)
        }
    }

    /// Reads one record; its time must lie within `window`.
    static func read(_ record: JSONValue, at pointer: String, window: Window) -> Result<TelemetryReading, RecordErrors> {
        let reader = RecordReader()
        guard reader.object(record, at: pointer) != nil else { return .failure(RecordErrors(key: nil, errors: reader.errors)) }
        let eventID = reader.string(record["eventID"], at: "\(pointer)/eventID", maximum: 100)
        let kind = reader.oneOf(record["eventType"], at: "\(pointer)/eventType", TelemetryReading.Kind.allCases.map(\.rawValue))
            .flatMap(TelemetryReading.Kind.init)
        var observedAt = reader.instant(record["eventDateTime"], at: "\(pointer)/eventDateTime")
        if let instant = observedAt, instant > window.latest {
            reader.fail("\(pointer)/eventDateTime", "datetime_future", ["minutes": String(Int(clockSkew / 60))])
            observedAt = nil
        } else if let instant = observedAt, instant < window.earliest {
            reader.fail("\(pointer)/eventDateTime", "datetime_past_retention", ["days": String(window.retentionDays)])
            observedAt = nil
        }
        let container = reader.value(record["equipmentReference"], at: "\(pointer)/equipmentReference", required: kind != nil && kind != .position,
                                     ContainerNumber.init)
        var reefer: TelemetryReading.Reefer?
        var seal: TelemetryReading.Seal?
        var position: TelemetryReading.Position?
        switch kind {
        case .reefer: reefer = readReefer(record["reeferDetails"], at: "\(pointer)/reeferDetails", reader)
        case .seal: seal = readSeal(record["iotDetails"], at: "\(pointer)/iotDetails", reader)
        case .position: position = readPosition(record["positionDetails"], at: "\(pointer)/positionDetails", reader)
        case nil: break
        }
        let identity = RecordIdentity(eventID: RecordIdentity.text(record["eventID"]), container: RecordIdentity.text(record["equipmentReference"]))
        guard reader.errors.isEmpty, let eventID, let kind, let observedAt else {
            return .failure(RecordErrors(key: eventID, errors: reader.errors, identity: identity))
        }
        return .success(TelemetryReading(eventID: eventID, kind: kind, observedAt: observedAt, container: container, reefer: reefer,
                                         seal: seal, position: position, organisationID: nil, digest: RecordReader.digest(record)))
    }

    private static func readReefer(_ value: JSONValue?, at pointer: String, _ reader: RecordReader) -> TelemetryReading.Reefer? {
        guard let details = reader.object(value, at: pointer) else { return nil }
        let temperature = reader.number(details["measuredTemperature"], at: "\(pointer)/measuredTemperature", within: temperatures)
        let setpoint = reader.number(details["setpointTemperature"], at: "\(pointer)/setpointTemperature", within: temperatures)
        let humidity = reader.number(details["measuredHumidity"], at: "\(pointer)/measuredHumidity", within: 0...100, required: false)
        let powered = reader.boolean(details["isPoweredOn"], at: "\(pointer)/isPoweredOn")
        guard let temperature, let setpoint, let powered else { return nil }
        return .init(temperature: temperature, setpoint: setpoint, humidity: humidity, poweredOn: powered)
    }

    private static func readSeal(_ value: JSONValue?, at pointer: String, _ reader: RecordReader) -> TelemetryReading.Seal? {
        guard let details = reader.object(value, at: pointer) else { return nil }
        let state = reader.oneOf(details["sealState"], at: "\(pointer)/sealState", TelemetryReading.SealState.allCases.map(\.rawValue))
        let number = reader.string(details["sealNumber"], at: "\(pointer)/sealNumber", maximum: 15)
        guard let state = state.flatMap(TelemetryReading.SealState.init), let number else { return nil }
        return .init(state: state, number: number)
    }

    private static func readPosition(_ value: JSONValue?, at pointer: String, _ reader: RecordReader) -> TelemetryReading.Position? {
        guard let details = reader.object(value, at: pointer) else { return nil }
        let vehicle = reader.string(details["vehicleReference"], at: "\(pointer)/vehicleReference", maximum: 20)
        let latitude = reader.number(details["latitude"], at: "\(pointer)/latitude", within: -90...90)
        let longitude = reader.number(details["longitude"], at: "\(pointer)/longitude", within: -180...180)
        let speed = reader.number(details["speed"], at: "\(pointer)/speed", within: 0...300)
        guard let vehicle, let latitude, let longitude, let speed else { return nil }
        return .init(vehicle: vehicle, latitude: latitude, longitude: longitude, speed: speed)
    }
}
