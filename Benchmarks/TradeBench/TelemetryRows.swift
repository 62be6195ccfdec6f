import FTZCore
import Foundation
import Logging
import SQLKit
import Storage

// Telemetry readings for scripts/bench/iot: 200 reefers each report once a minute (fifteen
// readings per 15-minute bucket), every tenth record is a moving truck inside the zone and
// every twentieth an e-seal closed, all within range, so no alert fires and the measure is
// ingestion itself.

let reefers = 200

/// Twelve hours before the run: 100,000 readings of 200 reefers span 500 minutes.
let readingsStart = Date().addingTimeInterval(-12 * 3600)

/// The gate-in events by which the reporting terminal comes to handle the run's reefers:
/// a feed may only report readings for containers it handles.
func gateIns(run: String) -> [[String: Any]] {
    (0..<reefers).map { serial in
        let container = (try! ContainerNumber(owner: run.prefix(3) + "U", serial: serial)).rawValue
        return ["eventID": "\(run)-gate-in-\(serial)", "eventType": "EQUIPMENT", "eventClassifierCode": "ACT",
                "eventDateTime": RFC3339.format(readingsStart.addingTimeInterval(-3600)), "equipmentEventTypeCode": "GTIN",
                "equipmentReference": container, "eventLocation": ["UNLocationCode": "VNHPH", "facilityCode": "HICT"]]
    }
}

/// Reading `index` of the run; each run has its own owner code, so reruns are new readings.
struct GeneratedReading {
    enum Kind { case reefer, seal, position }
    let eventID: String
    let kind: Kind
    let container: String
    let at: Date
    let temperature: Double

    init(_ index: Int, run: String) {
        eventID = "\(run)-\(index)"
        kind = index % 20 == 19 ? .seal : index % 10 == 9 ? .position : .reefer
        container = (try! ContainerNumber(owner: run.prefix(3) + "U", serial: index % reefers)).rawValue
        // Within the zone's raw retention and not ahead of the server's clock: readings
        // outside that are refused per record.
        at = readingsStart.addingTimeInterval(Double(index / reefers) * 60)
        temperature = -18 + Double(index % 7) * 0.2
    }

    var json: [String: Any] {
        var record: [String: Any] = ["eventID": eventID, "eventDateTime": RFC3339.format(at), "equipmentReference": container]
        switch kind {
        case .reefer:
            record["eventType"] = "REEFER"
            record["reeferDetails"] = ["measuredTemperature": temperature, "setpointTemperature": -18.0, "measuredHumidity": 85.0, "isPoweredOn": true]
        case .seal:
            record["eventType"] = "IOT"
            record["iotDetails"] = ["sealState": "closed", "sealNumber": "ML\(container.suffix(7))"]
        case .position:
            record["eventType"] = "POSITION"
            record["positionDetails"] = ["vehicleReference": "15C-\(container.suffix(5))", "latitude": 20.83, "longitude": 106.78, "speed": 30.0]
        }
        return record
    }
}


enum TelemetryRows {
    /// The same rows as plain multi-row INSERTs into a fresh database, then the bytes a
    /// reading takes raw and once only its 15-minute series remain.
    static func raw(location: String, total: Int, batch: Int, run: String) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let database = try await Database.open(DatabaseLocation(url: location), poolSize: 4, logger: logger)
        try await MigrationRunner(database: database, logger: logger).migrate()
        let empty = try await storedBytes(database)
        let batchID = UUID()
        let received = Date()
        let started = ContinuousClock.now
        for start in stride(from: 0, to: total, by: batch) {
            let readings = (start..<min(start + batch, total)).map { GeneratedReading($0, run: run) }
            try await database.transaction { tx in
                for chunk in stride(from: 0, to: readings.count, by: 400) {
                    var query = SQLQueryString("""
                        INSERT INTO telemetry_readings (event_id, kind, observed_at, container_number, vehicle, temperature, setpoint, humidity,
                            powered_on, seal_state, seal_number, latitude, longitude, speed, organisation_id, digest, batch_id, received_at) VALUES
                        """)
                    for (offset, reading) in readings[chunk..<min(chunk + 400, readings.count)].enumerated() {
                        let reefer = reading.kind == .reefer
                        let truck = reading.kind == .position
                        let seal = reading.kind == .seal
                        query = query + (offset == 0 ? "" : ", ") + """
                            (\(bind: reading.eventID), \(bind: reefer ? "REEFER" : truck ? "POSITION" : "IOT"), \(bind: reading.at),
                             \(bind: reading.container), \(bind: truck ? "15C-\(reading.container.suffix(5))" : nil), \(bind: reefer ? reading.temperature : nil),
                             \(bind: reefer ? -18.0 : nil), \(bind: reefer ? 85.0 : nil), \(bind: reefer ? true : nil), \(bind: seal ? "closed" : nil),
                             \(bind: seal ? "ML\(reading.container.suffix(7))" : nil), \(bind: truck ? 20.83 : nil), \(bind: truck ? 106.78 : nil),
                             \(bind: truck ? 30.0 : nil), \(bind: UUID?.none), \(bind: String(repeating: "0", count: 64)), \(bind: batchID), \(bind: received))
                            """
                    }
                    let statement = query
                    try await tx.sql.raw(statement).run()
                }
            }
        }
        let elapsed = seconds(started.duration(to: .now))
        print(String(format: "raw INSERT: %d rows in %.1f s = %.0f rows/s (transactions of %d)", total, elapsed, Double(total) / elapsed, batch))
        let raw = try await storedBytes(database)
        // What the service keeps once the raw rows age out: the reefers' series, folded as it
        // folds them (one row per container and 15-minute bucket).
        let bucket = bucketExpression(database.kind)
        try await database.transaction { tx in
            try await tx.sql.raw("""
                INSERT INTO telemetry_series (container_number, bucket_start, readings, total, minimum, maximum, setpoint_total)
                SELECT container_number, bucket, COUNT(*), SUM(temperature), MIN(temperature), MAX(temperature), SUM(setpoint) FROM
                    (SELECT container_number, temperature, setpoint, observed_at - \(unsafeRaw: bucket) AS bucket FROM telemetry_readings
                     WHERE kind = 'REEFER') reefer GROUP BY container_number, bucket
                """).run()
            try await tx.sql.raw("DELETE FROM telemetry_readings").run()
        }
        // PostgreSQL keeps a deleted row's space until a vacuum; autovacuum would hand it
        // back in time, so measure as it will be then.
        if database.kind == .postgres { try await database.read { try await $0.raw("VACUUM FULL telemetry_readings").run() } }
        let series = try await storedBytes(database)
        print(String(format: "stored: %.0f bytes per reading raw (table and indexes), %.1f bytes per reading once only the 15-minute series remain",
                     Double(raw - empty) / Double(total), Double(series - empty) / Double(total)))
        await database.close()
    }
}

/// The bucket offset of `observed_at` in each database's own time type.
func bucketExpression(_ kind: DatabaseKind) -> String {
    switch kind {
    case .sqlite: "(CAST(observed_at AS INTEGER) % 900)"
    case .postgres: "make_interval(secs => CAST(EXTRACT(EPOCH FROM observed_at) AS BIGINT) % 900)"
    }
}

/// Bytes the telemetry tables take: PostgreSQL's relation sizes with their indexes; for
/// SQLite the file's pages in use (page count less free pages; the rest of the database
/// is empty, so the difference between two measures is the telemetry's).
func storedBytes(_ database: Database) async throws -> Int64 {
    struct Value: Decodable { let value: Int64 }
    return try await database.read { sql in
        func value(_ query: SQLQueryString) async throws -> Int64 { try await sql.raw(query).first(decoding: Value.self)?.value ?? 0 }
        switch database.kind {
        case .postgres:
            return try await value("""
                SELECT CAST(pg_total_relation_size('telemetry_readings') + pg_total_relation_size('telemetry_series') AS BIGINT) AS value
                """)
        case .sqlite:
            let pages = try await value("SELECT page_count AS value FROM pragma_page_count()")
            let free = try await value("SELECT freelist_count AS value FROM pragma_freelist_count()")
            return (pages - free) * (try await value("SELECT page_size AS value FROM pragma_page_size()"))
        }
    }
}
