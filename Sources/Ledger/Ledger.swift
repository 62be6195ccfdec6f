import FTZCore
import Foundation
import Logging
import Merkle
import SQLKit
import Storage

/// The append-only audit log: a hash chain and an RFC 9162 Merkle tree over the same
/// entries, written inside the caller's transaction so an entry exists exactly when the
/// change it records was committed.
public final class Ledger: Sendable {
    public let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
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
        // FOR UPDATE makes concurrent writers (also in other processes) queue on the head
        // row; SQLite has a single writer connection, so it is serial already.
        let lock = tx.kind == .postgres ? " FOR UPDATE" : ""
        guard let head = try await tx.sql.raw("SELECT size, last_hash, frontier FROM ledger_head WHERE id = 1\(unsafeRaw: lock)")
            .first(decoding: Head.self)
        else { throw LedgerFailure.missingHead }
        guard var frontier = MerkleFrontier(size: head.size, serialized: Array(head.frontier)) else {
            throw LedgerFailure.corruptHead(size: head.size)
        }
        let index = head.size
        let now = clock.now()
        let entry = event.entry(index: index, at: now, actor: actor, previousLeafHash: index == 0 ? nil : Array(head.last_hash))
        let bytes = entry.canonicalBytes
        let leafHash = MerkleHash.leaf(bytes)
        let created = frontier.append(leafHash: leafHash)

        try await tx.sql.raw("""
            INSERT INTO ledger_entries (idx, entry, leaf_hash, action, organisation_id, subject_type, subject_id, created_at)
            VALUES (\(bind: index), \(bind: Data(bytes)), \(bind: Data(leafHash)), \(bind: event.action), \(bind: event.organisationID),
                    \(bind: event.subjectType), \(bind: event.subjectID), \(bind: now))
            """).run()
        // Level-0 hashes live in ledger_entries; only interior complete subtrees go here.
        let interior = created.filter { $0.node.level > 0 }
        if !interior.isEmpty {
            var insert = SQLQueryString("INSERT INTO ledger_nodes (level, idx, hash) VALUES ")
            for (position, node) in interior.enumerated() {
                let row: SQLQueryString = "(\(bind: node.node.level), \(bind: node.node.index), \(bind: Data(node.hash)))"
                insert = insert + (position > 0 ? ", " : "") + row
            }
            try await tx.sql.raw(insert).run()
        }
        try await tx.sql.raw("""
            UPDATE ledger_head SET size = \(bind: frontier.size), last_hash = \(bind: Data(leafHash)),
                   frontier = \(bind: Data(frontier.serialized)) WHERE id = 1
            """).run()

        let receipt = LedgerReceipt(index: index, leafHash: leafHash)
        if let collector = LedgerReceiptCollector.current {
            tx.afterCommit { collector.record(receipt) }
        }
        return receipt
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
