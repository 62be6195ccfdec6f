import FTZCore
import Crypto
import Foundation
import Logging
import Merkle
import SQLKit
import Storage
import Synchronization

/// The append-only audit log: a hash chain and an RFC 9162 Merkle tree over the same
/// entries, written inside the caller's transaction so an entry exists exactly when the
/// change it records was committed.
public final class Ledger: Sendable {
    public let database: Database
    let clock: any WallClock
    /// Keys the HMAC of personal data in entries (`FTZ_LEDGER_PERSONAL_DATA_KEY`).
    let personalDataKey: SymmetricKey

    /// One transaction of this process at a time goes for the head row's lock: the others
    /// queue here, in memory, rather than as PostgreSQL backends all woken at every commit.
    private let turn = LedgerTurn()

    /// `personalDataKey` nil: a random key for this process (tests and benchmarks; the service
    /// always passes its configured key, so digests stay comparable across restarts).
    public init(database: Database, clock: any WallClock, personalDataKey: SymmetricKey? = nil) {
        self.database = database
        self.clock = clock
        self.personalDataKey = personalDataKey ?? SymmetricKey(size: .bits256)
    }

    private struct Head: Decodable {
        let size: Int64
        let last_hash: Data
        let frontier: Data
    }

    /// Appends one entry inside `tx`. Call it as the last write of the transaction: the
    /// head row stays locked from here to commit, and that is the log's only serial section.
    @discardableResult
    public func append(_ event: LedgerEvent, by actor: Actor, in tx: Transaction) async throws -> LedgerReceipt {
        guard tx.kind == .postgres else { return try await append([event], by: actor, in: tx)[0] }
        // PostgreSQL: one round trip under the head lock instead of four (see migration 0005).
        let now = clock.now()
        let template = event.template(at: now, actor: actor, personalDataKey: personalDataKey)
        let appended = try await turn.run(for: tx) {
            try await tx.sql.raw("""
            SELECT entry_index, entry_leaf_hash FROM ledger_append_one(\(bind: Data(template.prefix)), \(bind: Data(template.middle)),
                \(bind: Data(template.suffix)), \(bind: event.action), \(bind: event.organisationID), \(bind: event.subjectType),
                \(bind: event.subjectID), \(bind: now), \(bind: event.visibility.rawValue))
            """).first(decoding: AppendedRow.self)
        }
        guard let row = appended else { throw LedgerFailure.missingHead }
        let receipt = LedgerReceipt(index: row.entry_index, leafHash: Array(row.entry_leaf_hash))
        record(receipt, in: tx)
        return receipt
    }

    private struct AppendedRow: Decodable {
        let entry_index: Int64
        let entry_leaf_hash: Data
    }

    private func record(_ receipt: LedgerReceipt, in tx: Transaction) {
        if let collector = LedgerReceiptCollector.current {
            tx.afterCommit { collector.record(receipt) }
        }
    }

    /// Appends several entries, in order, inside `tx` (a feed batch's records, a bulk load),
    /// with multi-row inserts under one hold of the head lock. SQLite's single entries come
    /// this way too.
    @discardableResult
    public func append(_ events: [LedgerEvent], by actor: Actor, in tx: Transaction) async throws -> [LedgerReceipt] {
        try await append(events.map { ($0, actor) }, in: tx)
    }

    /// Appends entries of different actors in one hold of the head lock (group commit of
    /// independent requests, such as inter-agency queries).
    @discardableResult
    public func append(_ entries: [(event: LedgerEvent, actor: Actor)], in tx: Transaction) async throws -> [LedgerReceipt] {
        guard !entries.isEmpty else { return [] }
        if tx.kind == .postgres { return try await turn.run(for: tx) { try await appendBatch(entries, in: tx) } }
        return try await appendBatch(entries, in: tx)
    }

    private func appendBatch(_ entries: [(event: LedgerEvent, actor: Actor)], in tx: Transaction) async throws -> [LedgerReceipt] {
        // FOR UPDATE makes concurrent writers (also in other processes) queue on the head
        // row; SQLite has a single writer connection, so it is serial already.
        let lock = tx.kind == .postgres ? " FOR UPDATE" : ""
        guard let head = try await tx.sql.raw("SELECT size, last_hash, frontier FROM ledger_head WHERE id = 1\(unsafeRaw: lock)")
            .first(decoding: Head.self)
        else { throw LedgerFailure.missingHead }
        guard var frontier = MerkleFrontier(size: head.size, serialized: Array(head.frontier)) else {
            throw LedgerFailure.corruptHead(size: head.size)
        }
        let now = clock.now()
        var previous: [UInt8]? = head.size == 0 ? nil : Array(head.last_hash)
        var rows: [SQLQueryString] = []
        var interior: [(node: NodeID, hash: [UInt8])] = []
        var receipts: [LedgerReceipt] = []
        for (event, actor) in entries {
            let index = frontier.size
            let bytes = event.template(at: now, actor: actor, personalDataKey: personalDataKey).bytes(index: index, previousLeafHash: previous)
            let leafHash = MerkleHash.leaf(bytes)
            // Level-0 hashes live in ledger_entries; only interior complete subtrees go to ledger_nodes.
            interior += frontier.append(leafHash: leafHash).filter { $0.node.level > 0 }
            rows.append("""
                (\(bind: index), \(bind: Data(bytes)), \(bind: Data(leafHash)), \(bind: event.action), \(bind: event.organisationID),
                 \(bind: event.subjectType), \(bind: event.subjectID), \(bind: now), \(bind: event.visibility.rawValue))
                """)
            receipts.append(LedgerReceipt(index: index, leafHash: leafHash))
            previous = leafHash
        }
        // Both drivers cap the binds of one statement; 500 rows stay well inside.
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            try await tx.sql.raw("""
                INSERT INTO ledger_entries (idx, entry, leaf_hash, action, organisation_id, subject_type, subject_id, created_at, visibility) VALUES
                """ + Self.joined(rows[chunk..<min(rows.count, chunk + 500)])).run()
        }
        for chunk in stride(from: 0, to: interior.count, by: 2000) {
            let values = interior[chunk..<min(interior.count, chunk + 2000)].map { node -> SQLQueryString in
                "(\(bind: node.node.level), \(bind: node.node.index), \(bind: Data(node.hash)))"
            }
            try await tx.sql.raw("INSERT INTO ledger_nodes (level, idx, hash) VALUES " + Self.joined(values[...])).run()
        }
        try await tx.sql.raw("""
            UPDATE ledger_head SET size = \(bind: frontier.size), last_hash = \(bind: Data(previous ?? [])),
                   frontier = \(bind: Data(frontier.serialized)) WHERE id = 1
            """).run()

        for receipt in receipts { record(receipt, in: tx) }
        return receipts
    }

    private static func joined(_ parts: ArraySlice<SQLQueryString>) -> SQLQueryString {
        var result = SQLQueryString("")
        for (position, part) in parts.enumerated() { result = result + (position == 0 ? "" : ", ") + part }
        return result
    }
}

/// A FIFO turn per process for going after PostgreSQL's head-row lock. Only the holder of
/// the turn waits on the row inside PostgreSQL (where the hand-over at commit is immediate);
/// the others wait here, in memory, instead of as backends all woken at every commit. The
/// turn is passed on as soon as the append statement returns; a transaction that already
/// holds the row lock (a second append) never waits for the turn, or it would wait on a
/// writer that waits on it.
final class LedgerTurn: Sendable {
    private let semaphore = AsyncSemaphore(count: 1)
    private let rowHolders = Mutex<Set<ObjectIdentifier>>([])

    func run<R>(for tx: Transaction, _ body: () async throws -> R) async throws -> R {
        if rowHolders.withLock({ $0.contains(ObjectIdentifier(tx)) }) { return try await body() }
        await semaphore.wait()
        defer { semaphore.signal() }
        let result = try await body()
        rowHolders.withLock { _ = $0.insert(ObjectIdentifier(tx)) }
        tx.onCompletion { [self] in rowHolders.withLock { _ = $0.remove(ObjectIdentifier(tx)) } }
        return result
    }
}

public enum LedgerFailure: Error, CustomStringConvertible {
    case missingHead
    case corruptHead(size: Int64)

    public var description: String {
        switch self {
        case .missingHead: "the ledger head row is missing: were migrations applied?"
        case .corruptHead(let size): "the ledger head's frontier does not match its size \(size)"
        }
    }
}
