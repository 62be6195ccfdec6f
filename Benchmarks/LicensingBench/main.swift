import FTZCore
import Foundation
import Ledger
import Licensing
import Logging
import SQLKit
import Storage
import Synchronization

// Licensing benchmarks, run in release mode by scripts/bench/licensing:
//   LicensingBench flows DB CONCURRENCY SECONDS   full flows: create, 3 documents, submit, check (start + accept),
//                                                 approve, certificate — each step its own transaction and ledger entry
//   LicensingBench queue DB DOSSIERS QUERIES      an officer's queue over DOSSIERS dossiers: p50/p99 per page
// DB is a path (SQLite) or a postgres:// URL.

let arguments = CommandLine.arguments
guard arguments.count >= 5 else {
    print("usage: LicensingBench flows|queue DB N M")
    exit(2)
}
var logger = Logger(label: "bench")
logger.logLevel = .warning
let database = try await Database.open(DatabaseLocation(url: arguments[2]), poolSize: 40, logger: logger)
try await MigrationRunner(database: database, logger: logger).migrate()
let clock = SystemWallClock()
let ledger = Ledger(database: database, clock: clock)
let catalogueService = CatalogueService(catalogue: try ZoneCatalogue.load(.bundled), database: database, ledger: ledger, clock: clock)
try await catalogueService.seed()

/// Organisations exist as rows (dossiers reference them); the directory answers from memory.
final class BenchDirectory: OrganisationDirectory {
    let entries = Mutex<[UUID: DirectoryEntry]>([:])
    func organisation(_ id: UUID) async throws -> DirectoryEntry? { entries.withLock { $0[id] } }
    func organisation(code: String) async throws -> DirectoryEntry? { entries.withLock { $0.values.first { $0.code == code } } }
    func isZoneOfficer(_ user: UUID) async throws -> Bool { true }
    func displayNames(of users: [UUID]) async throws -> [UUID: String] { [:] }
    /// As the identity directory answers: every folded word of the query in the folded name.
    func organisations(matching text: String, limit: Int) async throws -> [UUID] {
        let words = TextFolding.words(text)
        return entries.withLock { entries in
            Array(entries.values.filter { entry in
                let name = TextFolding.folded(entry.name)
                return !words.isEmpty && words.allSatisfy { name.contains($0) }
            }.map(\.id).prefix(limit))
        }
    }
}
let directory = BenchDirectory()
func organisation(_ kind: OrganisationKind, _ name: String) async throws -> DirectoryEntry {
    let entry = DirectoryEntry(id: UUID.v7(at: clock.now()), kind: kind, name: name, nameLatin: nil, taxCode: nil, country: "VN", code: nil)
    try await database.transaction { tx in
        try await tx.sql.raw("""
            INSERT INTO organisations (id, kind, name, country, preferred_language, created_at, version, search_text)
            VALUES (\(bind: entry.id), \(bind: kind.rawValue), \(bind: name), 'VN', 'vi', \(bind: clock.now()), 1, \(bind: TextFolding.folded(name)))
            """).run()
    }
    directory.entries.withLock { $0[entry.id] = entry }
    return entry
}
let enterprise = try await organisation(.investorEnterprise, "Benchmark Enterprise \(UUID().uuidString.prefix(8))")
let zone = try await organisation(.zoneAuthority, "Benchmark EZA")
let investor = Actor(principal: .user(UUID()), organisationID: enterprise.id, organisationKind: .investorEnterprise, roles: [.investor])
let officer = Actor(principal: .user(UUID()), organisationID: zone.id, organisationKind: .zoneAuthority, roles: [.ezaOfficer, .ezaApprover, .admin])

// A procedure with exactly three required documents and no consultation, published as an
// administrator would (the shipped ones ask for more documents).
var benchProcedure = try await catalogueService.procedure("CONSTRUCTION-PERMIT")!
benchProcedure.code = "BENCH-PERMIT"
benchProcedure.certificateType = "BP"
benchProcedure.documents = Array(benchProcedure.documents.filter { $0.when == nil && $0.required }.prefix(3))
benchProcedure.consultations = []
// In force from publication: the copied version's own date lies in the past.
benchProcedure.effectiveFrom = nil
benchProcedure.effectiveUntil = nil
if let existing = try await catalogueService.procedure("BENCH-PERMIT") { benchProcedure.version = existing.version + 1 } else { benchProcedure.version = 1 }
_ = try await catalogueService.publish(benchProcedure, by: officer)
let benchDocuments = benchProcedure.documents.map(\.code)

let documents = FileSystemDocumentStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("bench-docs-\(UUID())"))
let service = LicensingService(database: database, ledger: ledger, clock: clock, catalogue: catalogueService, directory: directory,
                               documentStore: documents, certificateKey: NoteSigningKey(name: "bench/certificates", privateKey: .init()),
                               logger: logger)
let form: JSONValue = [
    "projectName": "Nhà xưởng", "plotCode": "CN-07", "grossFloorArea": 5400.5, "floors": 2, "height": 14.5,
    "fireSafetyAppraisalRequired": false, "ownerTaxCode": "0201234569", "ownerName": "Công ty", "workType": "new-construction",
]
let pdf = Data("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

@Sendable func flow(_ number: Int) async throws {
    var dossier = try await service.create(procedureCode: "BENCH-PERMIT", form: form, by: investor)
    for document in benchDocuments {
        // Distinct bytes per flow, as real uploads would be.
        _ = try await service.addDocument(to: dossier.id, type: document, filename: "\(document).pdf",
                                          bytes: pdf + Data("\(number)".utf8), by: investor)
    }
    dossier = try await service.perform(.submit, on: dossier.id, expectedVersion: dossier.version, by: investor)
    for action in [DossierAction.startCheck, .accept, .approve, .issueCertificate] {
        dossier = try await service.perform(action, on: dossier.id, expectedVersion: dossier.version, by: officer)
    }
}

final class Tally: Sendable {
    let count = Atomic<Int>(0)
    let latencies = Mutex<[Double]>([])
}

switch arguments[1] {
case "flows":
    let concurrency = Int(arguments[3])!
    let duration = Double(arguments[4])!
    let tally = Tally()
    let started = ContinuousClock.now
    let deadline = started + .seconds(duration)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var number = worker
                var mine: [Double] = []
                while ContinuousClock.now < deadline {
                    let begun = ContinuousClock.now
                    try await flow(number)
                    mine.append(seconds(begun.duration(to: .now)) * 1000)
                    tally.count.add(1, ordering: .relaxed)
                    number += concurrency
                }
                let collected = mine
                tally.latencies.withLock { $0 += collected }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = seconds(started.duration(to: .now))
    let sorted = tally.latencies.withLock { $0.sorted() }
    let flows = tally.count.load(ordering: .relaxed)
    print(String(format: "%d concurrent: %d full flows in %.1f s = %.0f flows/s (%.0f transactions/s); flow latency p50 %.0f ms, p99 %.0f ms",
                 concurrency, flows, elapsed, Double(flows) / elapsed, Double(flows * 9) / elapsed, sorted[sorted.count / 2],
                 sorted[Int(Double(sorted.count) * 0.99)]))

case "queue":
    let target = Int(arguments[3])!
    let queries = Int(arguments[4])!
    // Seed dossiers in bulk, straight into the table: setup, not the thing measured.
    let existing = try await database.read { try await $0.raw("SELECT COUNT(*) AS n FROM dossiers").first()!.decode(column: "n", as: Int.self) }
    let statuses: [DossierStatus] = [.submitted, .checking, .underReview, .inConsultation, .supplementRequested, .approved, .refused,
                                     .certificateIssued, .draft, .withdrawn]
    let procedures = ["IRC-NEW", "CONSTRUCTION-PERMIT", "WORK-PERMIT-CONFIRMATION", "FTZ-ENTERPRISE-REG", "IRC-AMENDMENT"]
    let today = try await catalogueService.calendar().localDate(of: clock.now())
    let officers = (0..<20).map { _ in UUID() }
    // 2,000 enterprises with Vietnamese names, and the experts named in the forms: what a
    // search looks through (issue 28): "gio bien" names ten of the 2,000, "park ji" an eighth of the experts.
    let firstWords = ["Gió", "Sao", "Hoàng", "Đông", "Nam", "Bắc", "Thái", "Minh", "Phú", "Hải", "Long", "An", "Bình", "Tân", "Việt",
                      "Trường", "Thịnh", "Đức", "Quang", "Hưng"]
    let secondWords = ["Biển", "Mai", "Long", "Hải", "Phát", "Thành", "Đạt", "Cường", "Lợi", "Tiến"]
    var enterprises: [DirectoryEntry] = [enterprise]
    let wanted = existing == 0 ? 2_000 : 0
    for number in 1..<max(wanted, 1) {
        let name = "Công ty TNHH \(firstWords[number % firstWords.count]) \(secondWords[(number / firstWords.count) % secondWords.count]) \(number)"
        enterprises.append(try await organisation(.investorEnterprise, name))
    }
    let experts = ["PARK JI WOO", "KIM MIN JUN", "NGUYỄN VĂN AN", "TANAKA HIROSHI", "LI WEI", "TRẦN THỊ BÌNH", "SATO YUKI", "CHOI SEO YEON"]
    var inserted = existing
    let seedStart = ContinuousClock.now
    while inserted < target {
        let batch = min(1000, target - inserted)
        var rows: [SQLQueryString] = []
        var terms: [SQLQueryString] = []
        for offset in 0..<batch {
            let number = inserted + offset
            let status = statuses[number % statuses.count]
            let appointment = status.isActive ? today.dayNumber + (number % 40) - 10 : nil
            let now = clock.now()
            let id = UUID.v7(at: now)
            let expert = experts[number % experts.count] + " \(number)"
            let owner = enterprises[number % enterprises.count]
            rows.append("""
                (\(bind: id), \(bind: owner.id), \(bind: procedures[number % procedures.count]), 1,
                 \(bind: status.rawValue), \(bind: JSONValue.object(["expertName": .string(expert)]).canonicalString), \(bind: investor.organisationID!),
                 \(bind: appointment), 0, \(bind: now), \(bind: now), 1)
                """)
            terms += TextFolding.folded(expert).split(separator: " ").map { "(\(bind: String($0)), \(bind: id))" }
        }
        var query = SQLQueryString("""
            INSERT INTO dossiers (id, organisation_id, procedure_code, procedure_version, status, form, created_by, appointment_on,
                                  paused_days, created_at, updated_at, version) VALUES
            """)
        for (position, row) in rows.enumerated() { query = query + (position == 0 ? "" : ", ") + row }
        let statement = query
        let words = SQLQueryString("INSERT INTO dossier_search_terms (term, dossier_id) VALUES ") + SQLBatch.joined(terms)
            + " ON CONFLICT DO NOTHING"
        try await database.transaction {
            try await $0.sql.raw(statement).run()
            try await $0.sql.raw(words).run()
        }
        inserted += batch
    }
    if database.kind == .postgres {
        try await database.read { try await $0.raw("ANALYZE dossiers").run(); try await $0.raw("ANALYZE dossier_search_terms").run() }
    }
    print(String(format: "%d dossiers in the table (seeded in %.1f s)", inserted, seconds(seedStart.duration(to: .now))))
    _ = officers

    let filters: [(String, LicensingService.QueueFilter)] = [
        ("active queue", .init(statuses: [.submitted, .checking, .underReview, .inConsultation])),
        ("one procedure", .init(procedure: "IRC-NEW", statuses: [.submitted, .checking])),
        ("overdue", .init(overdue: true)),
        ("due within a week", .init(statuses: [.underReview], dueOnOrBefore: today.adding(days: 7))),
        ("everything", .init()),
        // Accent-free two-word queries: a few enterprises of 2,000 by name; an expert's name on one dossier in eight.
        ("search 'gio bien'", .init(search: "gio bien")),
        ("search 'park ji'", .init(search: "park ji")),
    ]
    for (name, filter) in filters {
        var latencies: [Double] = []
        var cursor: String?
        for _ in 0..<queries {
            let began = ContinuousClock.now
            let page = try await service.list(filter, page: try PageRequest(limit: 50, cursor: cursor), by: officer)
            latencies.append(seconds(began.duration(to: .now)) * 1000)
            // Walk a few pages deep, then start again: deep pages must be as cheap as the first.
            cursor = latencies.count % 10 == 0 ? nil : page.nextCursor
        }
        latencies.sort()
        // A search must find what it should, not just answer fast: a first page full of matches.
        if filter.search != nil {
            let first = try await service.list(filter, page: try PageRequest(limit: 50), by: officer)
            let words = TextFolding.words(filter.search ?? "")
            let named = first.items.filter { dossier in
                let text = TextFolding.folded(dossier.form["expertName"]?.stringValue ?? "") + " "
                    + TextFolding.folded(directory.entries.withLock { $0[dossier.organisationID]?.name } ?? "")
                return words.allSatisfy { word in text.split(separator: " ").contains { $0.hasPrefix(word) } }
            }
            print("search '\(filter.search ?? "")': \(first.items.count) on the first page, \(named.count) of them naming every word")
        }
        print(String(format: "queue '%@' (50 per page): p50 %.2f ms, p99 %.2f ms over %d pages", name, latencies[latencies.count / 2],
                     latencies[Int(Double(latencies.count) * 0.99)], queries))
    }

default:
    print("unknown command \(arguments[1])")
}
if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
   let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM") }) {
    print("peak RSS: \(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " "))")
}
await database.close()
