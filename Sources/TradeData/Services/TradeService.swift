import Crypto
import FTZCore
import Foundation
import Ledger
import Logging
import Storage
import Synchronization

/// Customs and logistics data pushed by machine feeds: validated record by record,
/// de-duplicated, linked to the zone and its licensed enterprises, watched by alert rules,
/// and followed live. Each accepted batch is one ledger entry (with a digest of its
/// records); each alert opened or changed is another.
public final class TradeService: Sendable {
    public static let maximumBatch = 10_000
    public static let feedScope = "feeds:write"

    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    let environment: any TradeEnvironment
    /// Risk targeting of what is accepted; nil where nothing screens (some tests).
    let screening: (any DeclarationScreening)?
    public let catalogue: TradeCatalogue
    let logger: Logger
    let events = EventRepository()
    let containerStatus = ContainerStatusRepository()
    let declarations = DeclarationRepository()
    let manifests = ManifestRepository()
    let alerts = AlertRepository()
    let batches = BatchRepository()
    let inspections = InspectionRepository()
    let supervision = SupervisionRepository()
    let routes = RouteRepository()
    let telemetry = TelemetryRepository()
    /// Wakes live-stream followers in this process after a commit; others poll.
    let streamSignal = StreamSignal()

    public init(database: Database, ledger: Ledger, clock: any WallClock, environment: any TradeEnvironment, catalogue: TradeCatalogue,
                logger: Logger, screening: (any DeclarationScreening)? = nil) {
        self.screening = screening
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.environment = environment
        self.catalogue = catalogue
        self.logger = logger
    }

    /// Which organisations may push which data.
    static let feedKinds: [FeedKind: Set<OrganisationKind>] = [
        .declarations: [.customs],
        .manifests: [.customs, .terminalOperator, .logisticsOperator],
        .events: [.terminalOperator, .logisticsOperator, .customs],
        .edifact: [.terminalOperator, .logisticsOperator, .customs],
        .inspections: [.customs],
        .supervision: [.customs],
        .telemetry: [.terminalOperator, .logisticsOperator],
    ]

    /// Who may push `kind` at all: asked before a feed body is read, so an anonymous or
    /// wrong-role caller costs no memory for the batch it sends.
    public static func authorizeFeed(_ kind: FeedKind, by actor: Actor) throws {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        try actor.require(anyOf: .dataFeed)
        guard actor.scopes.contains(Self.feedScope) else {
            throw Problem(.forbidden, "scope_required", arguments: ["scope": Self.feedScope])
        }
        guard let organisationKind = actor.organisationKind, Self.feedKinds[kind]?.contains(organisationKind) == true else {
            throw Problem(.forbidden, "feed_not_allowed", arguments: ["feed": kind.rawValue])
        }
    }

    func requireFeed(_ actor: Actor, _ kind: FeedKind, records: Int) throws {
        try Self.authorizeFeed(kind, by: actor)
        guard records <= Self.maximumBatch else {
            throw Problem.invalid("/records", "max_items", arguments: ["max": String(Self.maximumBatch)])
        }
    }

    /// Checks that `actor` may push `kind`, reads each record (at `/records/N`) and screens
    /// the batch for repeats inside it: what every JSON feed does before it touches the database.
    func read<Value>(_ records: [JSONValue], _ kind: FeedKind, by actor: Actor, identity: (Value) -> (key: String, digest: String),
                     record: (JSONValue, String, UUID) -> Result<Value, RecordErrors>) throws
        -> (candidates: [Candidate<Value>], settled: [BatchReport.Record], batchID: UUID, pointer: @Sendable (Int) -> String)
    {
        try requireFeed(actor, kind, records: records.count)
        let now = clock.now()
        let readings = records.enumerated().map { index, value in (index, record(value, "/records/\(index)", UUID.v7(at: now))) }
        let pointer: @Sendable (Int) -> String = { "/records/\($0)" }
        let (candidates, settled) = Self.screen(readings, pointer: pointer, identity: identity)
        return (candidates, settled, UUID.v7(at: now), pointer)
    }

    /// Records about a container, each given the enterprise whose latest declaration covers it.
    func linkedToOwners<Record: ContainerLinked>(_ records: [Record], on tx: Transaction) async throws -> [Record] {
        let owners = try await declarations.owners(of: Array(Set(records.compactMap { $0.container?.rawValue })), on: tx.sql)
        return records.map { record in
            var linked = record
            linked.organisationID = record.container.flatMap { owners[$0.rawValue] }
            return linked
        }
    }

    /// A record that passed validation, with what identifies it and its content digest.
    struct Candidate<Value: Sendable>: Sendable {
        let index: Int
        let value: Value
        let key: String
        let digest: String
    }

    /// Splits readings into candidates and records already settled, reporting repeats
    /// inside the batch: the same content is a duplicate, other content under the same key
    /// a conflict.
    static func screen<Value>(_ readings: [(index: Int, result: Result<Value, RecordErrors>)], pointer: (Int) -> String,
                              identity: (Value) -> (key: String, digest: String)) -> ([Candidate<Value>], [BatchReport.Record]) {
        var candidates: [Candidate<Value>] = []
        var settled: [BatchReport.Record] = []
        var seen: [String: String] = [:]
        for (index, result) in readings {
            switch result {
            case .failure(let problem):
                settled.append(.init(index: index, outcome: .rejected, key: problem.key, errors: problem.errors, identity: problem.identity))
            case .success(let value):
                let (key, digest) = identity(value)
                if let earlier = seen[key] {
                    settled.append(earlier == digest
                        ? .init(index: index, outcome: .duplicate, key: key)
                        : .init(index: index, outcome: .rejected, key: key, errors: [.init(pointer(index), "conflicting_duplicate")]))
                    continue
                }
                seen[key] = digest
                candidates.append(Candidate(index: index, value: value, key: key, digest: digest))
            }
        }
        return (candidates, settled)
    }

    /// Outcomes of candidates once the database said which it took: the rest are resends
    /// (same digest stored) or conflicts (other content stored under the key).
    static func settle<Value>(_ candidates: [Candidate<Value>], inserted: Set<String>, stored: [String: String], pointer: @Sendable (Int) -> String)
        -> [BatchReport.Record]
    {
        candidates.map { candidate in
            if inserted.contains(candidate.key) { return .init(index: candidate.index, outcome: .accepted, key: candidate.key) }
            if stored[candidate.key] == candidate.digest { return .init(index: candidate.index, outcome: .duplicate, key: candidate.key) }
            return .init(index: candidate.index, outcome: .rejected, key: candidate.key, errors: [.init(pointer(candidate.index), "conflicting_duplicate")])
        }
    }

    /// Records the batch and its ledger entry (when anything was accepted) and the alerts it
    /// opened, inside the batch's transaction.
    func finish(_ kind: FeedKind, batchID: UUID, records: [BatchReport.Record], acceptedDigests: [String], alerts opened: [Alert], by actor: Actor,
                in tx: Transaction) async throws -> BatchReport {
        let sorted = records.sorted { $0.index < $1.index }
        var report = BatchReport(batchID: batchID, kind: kind, records: sorted, alerts: opened, ledgerIndex: nil)
        let accepted = report.count(.accepted)
        if accepted > 0 {
            let digest = SHA256.hash(data: Array(acceptedDigests.joined(separator: "\n").utf8)).hexEncoded
            try await batches.insert(report, client: actor.reference, organisation: actor.organisationID, digest: digest,
                                     receivedAt: clock.now(), on: tx.sql)
            let receipt = try await ledger.append(LedgerEvent(
                action: "trade.batch.accepted", subjectType: "feed_batch", subjectID: batchID.lowercasedString,
                organisationID: actor.organisationID,
                payload: ["kind": .string(kind.rawValue), "received": .integer(Int64(sorted.count)), "accepted": .integer(Int64(accepted)),
                          "duplicates": .integer(Int64(report.count(.duplicate))), "rejected": .integer(Int64(report.count(.rejected))),
                          "recordsDigest": .string(digest)]), by: actor, in: tx)
            report = BatchReport(batchID: batchID, kind: kind, records: sorted, alerts: opened, ledgerIndex: receipt.index)
            try await recordAlerts(opened, by: actor, in: tx)
            tx.afterCommit { self.streamSignal.notify() }
        }
        logger.info("feed batch", metadata: [
            "kind": "\(kind.rawValue)", "client": "\(actor.reference)", "received": "\(sorted.count)", "accepted": "\(accepted)",
            "duplicates": "\(report.count(.duplicate))", "rejected": "\(report.count(.rejected))", "alerts": "\(opened.count)",
        ])
        return report
    }
}

/// Wakes waiting stream followers; a follower that misses a wake-up still polls.
final class StreamSignal: Sendable {
    private let waiters = Mutex<[UUID: AsyncStream<Void>.Continuation]>([:])

    func notify() {
        for continuation in waiters.withLock({ Array($0.values) }) { continuation.yield() }
    }

    func subscribe() -> (id: UUID, stream: AsyncStream<Void>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        waiters.withLock { $0[id] = continuation }
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        waiters.withLock { $0.removeValue(forKey: id) }?.finish()
    }
}
