import FTZCore
import Foundation
import Ledger
import Logging
import Programs
import SQLKit
import Storage
import Synchronization

// Programme catalogue benchmark, run in release mode by scripts/bench/programmes:
//   ProgrammesBench DB [QUERIES]
// Seeds 10 programmes × 20 indicators (from a generated programmes.yaml, as another zone
// would), files and accepts 10 years of monthly reports per indicator through the service
// (submit + review: two transactions and two ledger entries each), then times the
// portfolio (every programme, indicator and milestone assessed) QUERIES times — computed
// afresh and reused — beside a bare `SELECT` of the indicator rows in the same run. DB is a path (SQLite) or a
// postgres:// URL; the database is left filled for the HTTP measurement that follows.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: ProgrammesBench DB [QUERIES]")
    exit(2)
}
let queries = arguments.count > 2 ? Int(arguments[2])! : 2000
let programmeCount = 10, indicatorsPerProgramme = 20, months = 120
var logger = Logger(label: "bench")
logger.logLevel = .warning
let database = try await Database.open(DatabaseLocation(url: arguments[1]), poolSize: 16, logger: logger)
try await MigrationRunner(database: database, logger: logger).migrate()
let clock = SystemWallClock()

struct BenchEnvironment: ProgrammeEnvironment {
    func departmentCode(of organisation: UUID) async throws -> String? { nil }
    func today() async throws -> LocalDate { LocalDate("2026-11-29")! }
    func measure(_ metric: String) async throws -> LiveMeasurement { .unavailable(.unknownMetric) }
}

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

/// The zone's catalogue file for the benchmark: every indicator with a baseline and a target.
func catalogueDirectory() throws -> URL {
    var yaml = ""
    for programme in 1...programmeCount {
        yaml += """
            - number: \(programme)
              code: BENCH-P\(programme)
              title: {vi: "Chương trình \(programme)", en: "Programme \(programme)"}
              leadSectors: ["Sector \(programme)"]
              leadDepartment: null
              legalBasis: {en: "Benchmark"}
              expectedResults: {en: "Benchmark"}
              indicators:

            """
        for indicator in 1...indicatorsPerProgramme {
            let direction = indicator % 2 == 0 ? "higher" : "lower"
            let target = direction == "higher" ? 300 : 50
            yaml += """
                    - {code: BENCH-P\(programme)-I\(indicator), name: {en: "Indicator \(indicator)"}, unit: "%", direction: \(direction), \
                baseline: {value: 100, date: "2016-10-31"}, target: {low: \(target), date: "2030-12-31"}, dataSource: "Benchmark"}

                """
        }
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ftz-bench-programmes-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try yaml.write(to: directory.appendingPathComponent("programmes.yaml"), atomically: true, encoding: .utf8)
    return directory
}

// Computed afresh on every call (no reuse), as the first request after a change is.
let service = ProgrammeService(database: database, ledger: Ledger(database: database, clock: clock), clock: clock,
                               environment: BenchEnvironment(), liveLifetime: 0)
let reusing = ProgrammeService(database: database, ledger: Ledger(database: database, clock: clock), clock: clock,
                               environment: BenchEnvironment())
let office = Actor(principal: .user(UUID()), organisationID: nil, organisationKind: .zoneAuthority, roles: [.programmeOffice])
let directory = try catalogueDirectory()
try await service.seed(directory: directory)
try? FileManager.default.removeItem(at: directory)

// Reports: each worker owns whole indicators, as departments would.
let indicators = try await service.portfolio().flatMap(\.indicators).map(\.indicator)
let existingReports = try await database.read {
    try await $0.raw("SELECT COUNT(*) AS n FROM indicator_reports").first()!.decode(column: "n", as: Int.self)
}
if existingReports == 0 {
    /// The first day of the month `offset` months after November 2016.
    @Sendable func monthStart(_ offset: Int) -> LocalDate {
        let months = 2016 * 12 + 10 + offset
        return LocalDate(year: months / 12, month: months % 12 + 1, day: 1)!
    }
    final class Counter: Sendable { let value = Atomic<Int>(0) }
    let filled = Counter()
    let began = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        let workers = 8
        for worker in 0..<workers {
            group.addTask {
                for (position, indicator) in indicators.enumerated() where position % workers == worker {
                    for month in 0..<months {
                        let start = monthStart(month)
                        let end = monthStart(month + 1).adding(days: -1)
                        // A trajectory with noise, so statuses vary across indicators.
                        let drift = indicator.direction == .higher ? 1.6 : -0.4
                        let value = 100 + drift * Double(month) * (0.7 + 0.6 * Double(position % 7) / 6) + Double(month % 5)
                        let report = try await service.submitReport(for: indicator.id, .init(value: value, periodStart: start, periodEnd: end,
                                                                                          evidence: ["bench-\(month)"]), by: office)
                        _ = try await service.review(report.id, accept: true, comment: nil, by: office)
                        filled.value.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = seconds(began.duration(to: .now))
    let count = filled.value.load(ordering: .relaxed)
    print(String(format: "filed and accepted %d reports in %.1f s: %.0f reports/s (%.0f transactions/s with ledger entries)", count, elapsed,
                 Double(count) / elapsed, Double(count * 2) / elapsed))
}
if database.kind == .postgres { try await database.read { try await $0.raw("ANALYZE").run() } }

func percentiles(_ label: String, _ body: () async throws -> Void) async throws -> (p50: Double, p99: Double) {
    for _ in 0..<50 { try await body() }  // warm-up
    var latencies: [Double] = []
    for _ in 0..<queries {
        let began = ContinuousClock.now
        try await body()
        latencies.append(seconds(began.duration(to: .now)) * 1000)
    }
    latencies.sort()
    let result = (latencies[latencies.count / 2], latencies[Int(Double(latencies.count) * 0.99)])
    print(String(format: "%@: p50 %.3f ms, p99 %.3f ms over %d calls", label, result.0, result.1, queries))
    return result
}

let portfolio = try await service.portfolio()
let statuses = Dictionary(grouping: portfolio.flatMap(\.indicators), by: \.assessment.status).mapValues(\.count)
print("portfolio: \(portfolio.count) programmes, \(portfolio.flatMap(\.indicators).count) indicators, statuses \(statuses.sorted { $0.key.rawValue < $1.key.rawValue })")
let assessed = try await percentiles("portfolio computed (three queries, 200 indicators assessed)") { _ = try await service.portfolio() }
_ = try await percentiles("portfolio reused (within the reuse time, no change)") { _ = try await reusing.portfolio() }
let bare = try await percentiles("bare SELECT of the indicator rows") {
    _ = try await database.read { try await $0.raw("SELECT * FROM indicators").all() }
}
print(String(format: "portfolio / bare SELECT at p50: %.1f×", assessed.p50 / bare.p50))
if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
   let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM") }) {
    print("peak RSS: \(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " "))")
}
await database.close()
