import AsyncHTTPClient
import FTZCore
import Foundation
import Logging
import NIOCore
import SQLKit
import Storage

// Trade feed benchmarks, run in release mode by scripts/bench/trade and scripts/bench/iot:
//   TradeBench events URL TOKEN TOTAL BATCH CONCURRENCY      DCSA events through HTTP (POST /v1/feeds/events)
//   TradeBench raw DB TOTAL BATCH                            the same rows by plain multi-row INSERTs into container_events
//   TradeBench telemetry URL TOKEN TOTAL BATCH CONCURRENCY   IoT readings through HTTP (POST /v1/feeds/telemetry)
//   TradeBench telemetry-raw DB TOTAL BATCH                  the same rows by plain INSERTs into telemetry_readings, then
//                                                            the bytes a reading takes raw and once only its series remain
// Events: container i/2 is discharged then loaded (a transhipment), at zone terminals, so
// no alert fires and the measure is ingestion itself. Readings: see TelemetryRows.swift.

let arguments = CommandLine.arguments
guard arguments.count >= 5 else {
    print("usage: TradeBench events|telemetry URL TOKEN TOTAL BATCH CONCURRENCY | raw|telemetry-raw DB TOTAL BATCH")
    exit(2)
}

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

/// Event `index` of the run. Each run has its own container owner code (and event ids), so
/// reruns on one database are new events, not duplicates.
struct GeneratedEvent {
    let eventID: String
    let container: String
    let code: String
    let at: Date
    let facility: String

    init(_ index: Int, run: String) {
        eventID = "\(run)-\(index)"
        container = (try! ContainerNumber(owner: run.prefix(3) + "U", serial: index / 2)).rawValue
        code = index % 2 == 0 ? "DISC" : "LOAD"
        at = Date(timeIntervalSince1970: 1_780_000_000 + Double(index))
        facility = ["HICT", "TCHP", "DVGT"][index % 3]
    }

    var json: [String: Any] {
        ["eventID": eventID, "eventType": "EQUIPMENT", "eventClassifierCode": "ACT", "eventDateTime": RFC3339.format(at),
         "eventCreatedDateTime": RFC3339.format(at), "equipmentEventTypeCode": code, "equipmentReference": container,
         "ISOEquipmentCode": "45G1", "emptyIndicatorCode": "LADEN",
         "eventLocation": ["UNLocationCode": "VNHPH", "facilityCode": facility, "facilityCodeListProvider": "SMDG"],
         "transportCall": ["exportVoyageNumber": "512W", "UNLocationCode": "VNHPH", "facilityCode": facility, "modeOfTransport": "VESSEL",
                           "vessel": ["vesselIMONumber": "9778791", "vesselName": "MAERSK EXAMPLE"]],
         "documentReferences": [["documentReferenceType": "BKG", "documentReferenceValue": "BKG\(index(of: eventID))"]],
         "seals": [["sealNumber": "SL\(index(of: eventID))", "sealSource": "CAR"]]]
    }

    private func index(of id: String) -> String { String(id.split(separator: "-").last ?? "") }
}

func peakRSS() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM") }) else { return "?" }
    return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ")
}

/// Three random letters: the run's container owner code and event id prefix.
let run = String((0..<3).map { _ in Character(UnicodeScalar(UInt8.random(in: 65...90))) })

/// Posts the bodies to `path`, `concurrency` at a time, and prints throughput and batch
/// latencies; a response other than 200 stops the run.
func post(_ bodies: [ByteBuffer], to path: String, url: String, token: String, concurrency: Int, batch: Int, unit: String) async throws {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    final class Results: @unchecked Sendable {
        let lock = NSLock()
        var latencies: [Double] = []
        var accepted = 0
        func add(_ latency: Double, _ count: Int) { lock.lock(); latencies.append(latency); accepted += count; lock.unlock() }
    }
    let results = Results()
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                for index in stride(from: worker, to: bodies.count, by: concurrency) {
                    var request = HTTPClientRequest(url: "\(url)\(path)")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(bodies[index])
                    let begun = ContinuousClock.now
                    let response = try await client.execute(request, timeout: .seconds(120))
                    let body = try await response.body.collect(upTo: 64 << 20)
                    guard response.status == .ok,
                          let report = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                          let accepted = report["accepted"] as? Int
                    else { throw NSError(domain: "bench: \(String(buffer: body).prefix(300))", code: Int(response.status.code)) }
                    results.add(seconds(begun.duration(to: .now)) * 1000, accepted)
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = seconds(started.duration(to: .now))
    try await client.shutdown()
    let latencies = results.latencies.sorted()
    let p50 = latencies[latencies.count / 2]
    let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
    print("HTTP: \(results.accepted) \(unit) accepted in " + String(format: "%.1f s = %.0f ", elapsed, Double(results.accepted) / elapsed)
        + "\(unit)/s (batches of \(batch), \(concurrency) at a time); batch latency p50 " + String(format: "%.0f ms, p99 %.0f ms", p50, p99))
}

/// `total` records in request bodies of `batch`.
func bodies(_ total: Int, batch: Int, record: (Int) -> [String: Any]) -> [ByteBuffer] {
    stride(from: 0, to: total, by: batch).map { start in
        ByteBuffer(data: try! JSONSerialization.data(withJSONObject: ["records": (start..<min(start + batch, total)).map(record)]))
    }
}

switch arguments[1] {
case "events", "telemetry":
    let (url, token, total, batch, concurrency) = (arguments[2], arguments[3], Int(arguments[4])!, Int(arguments[5])!, Int(arguments[6])!)
    if arguments[1] == "events" {
        try await post(bodies(total, batch: batch) { GeneratedEvent($0, run: run).json }, to: "/v1/feeds/events", url: url, token: token,
                       concurrency: concurrency, batch: batch, unit: "events")
    } else {
        try await post(bodies(reefers, batch: reefers) { gateIns(run: run)[$0] }, to: "/v1/feeds/events", url: url, token: token,
                       concurrency: 1, batch: reefers, unit: "gate-in events")
        try await post(bodies(total, batch: batch) { GeneratedReading($0, run: run).json }, to: "/v1/feeds/telemetry", url: url, token: token,
                       concurrency: concurrency, batch: batch, unit: "readings")
    }

case "telemetry-raw":
    try await TelemetryRows.raw(location: arguments[2], total: Int(arguments[3])!, batch: Int(arguments[4])!, run: run)

case "raw":
    let (location, total, batch) = (arguments[2], Int(arguments[3])!, Int(arguments[4])!)
    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let database = try await Database.open(DatabaseLocation(url: location), poolSize: 4, logger: logger)
    try await MigrationRunner(database: database, logger: logger).migrate()
    let batchID = UUID()
    let received = Date()
    let started = ContinuousClock.now
    for start in stride(from: 0, to: total, by: batch) {
        let events = (start..<min(start + batch, total)).map { GeneratedEvent($0, run: run) }
        try await database.transaction { tx in
            // Chunks of 400 rows, as the service writes them (parameter limits).
            for chunk in stride(from: 0, to: events.count, by: 400) {
                var query = SQLQueryString("""
                    INSERT INTO container_events (id, event_id, event_key, event_type, code, classifier, event_at, container_number, iso_code,
                        empty_indicator, un_locode, facility, in_zone, vessel_imo, voyage, refs, seals, source, organisation_id, digest, batch_id,
                        seq, received_at) VALUES
                    """)
                for (offset, event) in events[chunk..<min(chunk + 400, events.count)].enumerated() {
                    let key = "\(event.container)|\(event.code)|ACT|\(Int(event.at.timeIntervalSince1970))|VNHPH|\(event.facility)"
                    query = query + (offset == 0 ? "" : ", ") + """
                        (\(bind: UUID()), \(bind: event.eventID), \(bind: key), 'EQUIPMENT', \(bind: event.code), 'ACT', \(bind: event.at),
                         \(bind: event.container), '45G1', 'LADEN', 'VNHPH', \(bind: event.facility), \(bind: true), '9778791', '512W',
                         '[{"type":"BKG","value":"BKG"}]', '["SL"]', 'dcsa', \(bind: UUID?.none), \(bind: event.eventID), \(bind: batchID),
                         \(bind: Int64(start + chunk + offset)), \(bind: received))
                        """
                }
                let statement = query
                try await tx.sql.raw(statement).run()
            }
        }
    }
    let elapsed = seconds(started.duration(to: .now))
    print(String(format: "raw INSERT: %d rows in %.1f s = %.0f rows/s (transactions of %d)", total, elapsed, Double(total) / elapsed, batch))
    await database.close()

default:
    print("unknown command \(arguments[1])")
    exit(2)
}
print("peak RSS: \(peakRSS())")
