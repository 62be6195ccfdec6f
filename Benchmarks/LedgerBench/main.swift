import Crypto
import FTZCore
import Foundation
import Ledger
import Logging
import Merkle
import SQLKit
import Storage
import Synchronization

// Ledger benchmarks, run in release mode by scripts/bench/ledger:
//   LedgerBench fill    DB N        append N bare entries in bulk (setup for the others)
//   LedgerBench verify  DB          full verification vs raw SHA-256 over the same bytes
//   LedgerBench append  DB WRITERS SECONDS   one entry per transaction, concurrent writers
//   LedgerBench size    DB          bytes stored per entry, tree nodes included
// DB is a path (SQLite) or a postgres:// URL.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: LedgerBench fill|verify|append|size DB [args]")
    exit(2)
}
var logger = Logger(label: "bench")
logger.logLevel = .warning
let database = try await Database.open(DatabaseLocation(url: arguments[2]), poolSize: 40, logger: logger)
try await MigrationRunner(database: database, logger: logger).migrate()
let clock = SystemWallClock()
let ledger = Ledger(database: database, clock: clock)
let origin = "bench.ftz/ledger"
let key = NoteSigningKey(name: origin, privateKey: .init())

@Sendable func event(_ number: Int) -> LedgerEvent {
    let clock = SystemWallClock()
    return LedgerEvent(action: "identity.organisation.created", subjectType: "organisation", subjectID: UUID.v7(at: clock.now()).lowercasedString,
                organisationID: UUID.v7(at: clock.now()),
                payload: ["kind": "investor_enterprise", "name": .string("Benchmark enterprise \(number)"), "country": "VN",
                          "taxCode": .null])
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Concurrent writers each appending one entry per transaction until the deadline.
func appendBenchmark(database: Database, ledger: Ledger, writers: Int, duration: Double) async throws {
    let deadline = ContinuousClock.now + .seconds(duration)
    final class Tally: Sendable {
        let count = Atomic<Int>(0)
        let latencies = Mutex<[Double]>([])
    }
    let tally = Tally()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for writer in 0..<writers {
            group.addTask {
                var mine: [Double] = []
                var number = writer
                while ContinuousClock.now < deadline {
                    let started = ContinuousClock.now
                    let next = event(number)
                    try await database.transaction { tx in _ = try await ledger.append(next, by: .system("bench"), in: tx) }
                    mine.append(seconds(started.duration(to: .now)) * 1000)
                    tally.count.add(1, ordering: .relaxed)
                    number += writers
                }
                let collected = mine
                tally.latencies.withLock { $0 += collected }
            }
        }
        try await group.waitForAll()
    }
    let sorted = tally.latencies.withLock { $0.sorted() }
    let total = tally.count.load(ordering: .relaxed)
    print(String(format: "%d writers: %d appends in %.0f s = %.0f appends/s; latency p50 %.2f ms, p99 %.2f ms", writers, total, duration,
                 Double(total) / duration, sorted[sorted.count / 2], sorted[Int(Double(sorted.count) * 0.99)]))
}

switch arguments[1] {
case "fill":
    let target = Int64(arguments[3])!
    let start = ContinuousClock.now
    var size = try await LedgerReader(database: database).head().size
    while size < target {
        let base = Int(size)
        let events = (0..<Int(min(5000, target - size))).map { event(base + $0) }
        try await database.transaction { tx in
            _ = try await ledger.append(events, by: .system("bench"), in: tx)
        }
        size += Int64(min(5000, target - size))
    }
    // One signed checkpoint per 100,000 entries would be the steady state; sign the end.
    let checkpoints = CheckpointService(database: database, origin: origin, signingKeys: [key], clock: clock, logger: logger)
    try await checkpoints.registerKeys()
    try await checkpoints.checkpointNow()
    print(String(format: "filled to %lld entries in %.1f s", size, seconds(start.duration(to: .now))))

case "verify":
    // The same key must have signed the stored checkpoints: trust every key on record.
    let trusted = try await CheckpointService(database: database, origin: origin, signingKeys: [key], clock: clock, logger: logger)
        .publishedKeys().compactMap { try? NoteVerifierKey(parsing: $0.verifierKey) }
    // Raw SHA-256 over exactly the entry bytes, read the same way, timing only the hashing.
    var rawHashing = Duration.zero
    var rawBytes = 0
    var after: Int64 = -1
    while true {
        let cursor = after
        let rows = try await database.read {
            try await $0.raw("SELECT idx, entry FROM ledger_entries WHERE idx > \(bind: cursor) ORDER BY idx LIMIT 16384").all()
        }
        guard !rows.isEmpty else { break }
        let entries = try rows.map { try $0.decode(column: "entry", as: Data.self) }
        after = try rows.last!.decode(column: "idx", as: Int64.self)
        let started = ContinuousClock.now
        var sink: UInt8 = 0
        for entry in entries { sink ^= SHA256.hash(data: entry).withUnsafeBytes { $0[0] } }
        rawHashing += started.duration(to: .now)
        rawBytes += entries.reduce(0) { $0 + $1.count }
        if sink == 42 { print("", terminator: "") }
    }
    let rawRate = Double(rawBytes) / 1_048_576 / seconds(rawHashing)
    let report = try await LedgerVerifier(database: database, origin: "bench.ftz/ledger", trustedKeys: trusted).verify()
    let ourRate = Double(report.bytes) / 1_048_576 / report.hashingSeconds
    print(String(format: "entries %lld, %.1f MB of entry bytes", report.entries, Double(report.bytes) / 1_048_576))
    print(String(format: "raw SHA-256 (1 core, hashing only): %.1f MB/s", rawRate))
    print(String(format: "verify hashing stage (leaves on all cores + chain + tree + stored-node checks): %.2f s, %.1f MB/s = %.0f %% of raw",
                 report.hashingSeconds, ourRate, 100 * ourRate / rawRate))
    print(String(format: "verify end to end (database reads included): %.2f s, %.1f MB/s = %.0f %% of raw",
                 report.totalSeconds, Double(report.bytes) / 1_048_576 / report.totalSeconds,
                 100 * Double(report.bytes) / 1_048_576 / report.totalSeconds / rawRate))

case "append":
    try await appendBenchmark(database: database, ledger: ledger, writers: Int(arguments[3])!, duration: Double(arguments[4])!)

case "size":
    let entries = try await LedgerReader(database: database).head().size
    let bytes: Int64
    if database.kind == .postgres {
        bytes = try await database.read {
            try await $0.raw("""
                SELECT pg_total_relation_size('ledger_entries') + pg_total_relation_size('ledger_nodes') AS n
                """).first()!.decode(column: "n", as: Int64.self)
        }
    } else {
        // dbstat is not compiled into every SQLite; measure the file after a checkpoint of the WAL.
        _ = try await database.read { try await $0.raw("PRAGMA wal_checkpoint(TRUNCATE)").all() }
        let path = arguments[2].replacingOccurrences(of: "sqlite:", with: "")
        bytes = Int64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
    }
    let nodes = try await database.read { try await $0.raw("SELECT COUNT(*) AS n FROM ledger_nodes").first()!.decode(column: "n", as: Int64.self) }
    let payload = try await database.read {
        try await $0.raw("SELECT COALESCE(SUM(LENGTH(entry)), 0) AS n FROM ledger_entries").first()!.decode(column: "n", as: Int64.self)
    }
    print(String(format: "%lld entries, %lld interior nodes; %.0f bytes stored per entry (canonical entry itself %.0f bytes)",
                 entries, nodes, Double(bytes) / Double(max(entries, 1)), Double(payload) / Double(max(entries, 1))))

default:
    print("unknown command \(arguments[1])")
}
await database.close()

// Peak resident memory of this run, for the report.
if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
   let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM") }) {
    print("peak RSS: \(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " "))")
}
