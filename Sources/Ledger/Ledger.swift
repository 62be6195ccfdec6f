import FTZCore
import Crypto
import Foundation
import Logging
import Merkle
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

    private let store = LedgerStore()

    /// Appends one entry inside `tx`. Call it as the last write of the transaction: the
    /// head row stays locked from here to commit, and that is the log's only serial section.
    @discardableResult
    public func append(_ event: LedgerEvent, by actor: Actor, in tx: Transaction) async throws -> LedgerReceipt {
        guard LedgerStore.locksHead(tx.kind) else { return try await append([event], by: actor, in: tx)[0] }
        // PostgreSQL: one round trip under the head lock instead of four (see LedgerStore).
        let now = clock.now()
        let template = event.template(at: now, actor: actor, personalDataKey: personalDataKey)
        let appended = try await turn.run(for: tx) { try await store.appendOne(template, event: event, at: now, on: tx.sql) }
        guard let appended else { throw LedgerFailure.missingHead }
        let receipt = LedgerReceipt(index: appended.index, leafHash: appended.leafHash)
        record(receipt, in: tx)
        return receipt
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
        if LedgerStore.locksHead(tx.kind) { return try await turn.run(for: tx) { try await appendBatch(entries, in: tx) } }
        return try await appendBatch(entries, in: tx)
    }

    /// The Swift append: hashes each leaf, chains it, merges completed subtrees, and moves
    /// the head, all under the head row's lock (taken on PostgreSQL, where other processes
    /// write too).
    private func appendBatch(_ entries: [(event: LedgerEvent, actor: Actor)], in tx: Transaction) async throws -> [LedgerReceipt] {
        guard let head = try await store.head(locking: true, on: tx.sql) else { throw LedgerFailure.missingHead }
        guard var frontier = MerkleFrontier(size: head.size, serialized: Array(head.frontier)) else {
            throw LedgerFailure.corruptHead(size: head.size)
        }
        let now = clock.now()
        var previous: [UInt8]? = head.size == 0 ? nil : Array(head.last_hash)
        var rows: [LedgerStore.NewEntry] = []
        var interior: [(node: NodeID, hash: [UInt8])] = []
        for (event, actor) in entries {
            let index = frontier.size
            let bytes = event.template(at: now, actor: actor, personalDataKey: personalDataKey).bytes(index: index, previousLeafHash: previous)
            let leafHash = MerkleHash.leaf(bytes)
            // Level-0 hashes live in ledger_entries; only interior complete subtrees go to ledger_nodes.
            interior += frontier.append(leafHash: leafHash).filter { $0.node.level > 0 }
            rows.append(.init(index: index, bytes: bytes, leafHash: leafHash, event: event, at: now))
            previous = leafHash
        }
        try await store.insert(rows, on: tx.sql)
        try await store.insert(interior, on: tx.sql)
        try await store.moveHead(size: frontier.size, lastHash: previous ?? [], frontier: frontier.serialized, on: tx.sql)
        let receipts = rows.map { LedgerReceipt(index: $0.index, leafHash: $0.leafHash) }
        for receipt in receipts { record(receipt, in: tx) }
        return receipts
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
