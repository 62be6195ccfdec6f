import FTZCore
import Foundation
import Merkle
import SQLKit
import Storage

/// One stored entry: the exact canonical bytes, their leaf hash, and the indexed columns.
public struct StoredEntry: Sendable, Equatable {
    public let index: Int64
    public private(set) var bytes: [UInt8]
    public let leafHash: [UInt8]
    public let action: String
    public let organisationID: UUID?
    public let subjectType: String
    public let subjectID: String
    public let createdAt: Date
    public let visibility: LedgerVisibility
    /// True when `bytes` are not the hashed bytes but a copy with the acting official
    /// replaced by "the authority" (an organisation reading its own entries).
    public private(set) var redacted = false

    public var canonicalText: String { String(decoding: bytes, as: UTF8.self) }

    /// The entry as `organisation` may read it: an actor from outside the organisation (an
    /// official, a department's system) is named only as `authority`.
    func redacted(for organisation: UUID) -> StoredEntry {
        guard case .object(var members)? = try? JSONValue(parsing: bytes), case .object(let actor)? = members["actor"],
              actor["organisation"] != .string(organisation.lowercasedString)
        else { return self }
        members["actor"] = ["ref": "authority"]
        var copy = self
        copy.bytes = JSONValue.object(members).canonicalBytes
        copy.redacted = true
        return copy
    }
}

/// The log as it stands: size, root, entries, and RFC 9162 proofs built from the stored
/// complete-subtree hashes (O(log n) hashes, one or two queries per proof).
public struct LedgerReader: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public struct Head: Sendable, Equatable {
        public let size: Int64
        public let root: [UInt8]
        public let lastLeafHash: [UInt8]
    }

    private let store = LedgerStore()

    /// Size and root of the committed log, from the head row's frontier (no tree walk).
    public func head(on sql: (any SQLDatabase)? = nil) async throws -> Head {
        let row = if let sql { try await store.head(locking: false, on: sql) }
                  else { try await database.read { try await self.store.head(locking: false, on: $0) } }
        guard let row else { throw LedgerFailure.missingHead }
        guard let frontier = MerkleFrontier(size: row.size, serialized: Array(row.frontier)) else {
            throw LedgerFailure.corruptHead(size: row.size)
        }
        return Head(size: row.size, root: frontier.root, lastLeafHash: Array(row.last_hash))
    }

    public func entry(at index: Int64) async throws -> StoredEntry? {
        try await database.read { try await self.store.entry(at: index, on: $0) }
    }

    /// Entries with `start <= index < end`, ascending, at most `limit`; when `organisation`
    /// is given, only those filed under it and meant for it (visibility `organisation`).
    public func entries(start: Int64, end: Int64?, limit: Int, organisation: UUID?) async throws -> [StoredEntry] {
        try await database.read { try await self.store.entries(start: start, end: end, limit: limit, organisation: organisation, on: $0) }
    }

    public func inclusionProof(index: Int64, treeSize: Int64) async throws -> [[UInt8]] {
        try await inclusionProofWithLeaf(index: index, treeSize: treeSize).proof
    }

    /// The proof and the leaf's own hash, fetched together in one round trip.
    public func inclusionProofWithLeaf(index: Int64, treeSize: Int64) async throws -> (leafHash: [UInt8], proof: [[UInt8]]) {
        let plan = try MerkleProofs.inclusionPlan(index: index, size: treeSize)
        let leaf = NodeID(level: 0, index: index)
        let stored = try await DatabaseNodeSource(database: database).hashes(of: Set(plan.flatMap(\.subtrees)).union([leaf]))
        return (stored[leaf]!, try plan.map { try $0.hash(from: stored) })
    }

    public func consistencyProof(from: Int64, to: Int64) async throws -> [[UInt8]] {
        try await MerkleProofs.consistencyProof(from: from, to: to, source: DatabaseNodeSource(database: database))
    }

    public func root(size: Int64) async throws -> [UInt8] {
        try await MerkleProofs.root(size: size, source: DatabaseNodeSource(database: database))
    }
}

/// Complete-subtree hashes from the database — leaves from `ledger_entries`, interior
/// nodes from `ledger_nodes` — in one round trip.
struct DatabaseNodeSource: MerkleNodeSource {
    let database: Database

    func hashes(of nodes: Set<NodeID>) async throws -> [NodeID: [UInt8]] {
        guard !nodes.isEmpty else { return [:] }  // nothing to fetch: no connection taken
        let leaves = nodes.filter { $0.level == 0 }.map(\.index)
        let interior = Array(nodes.filter { $0.level > 0 })
        let rows = try await database.read { try await LedgerStore().hashes(leaves: leaves, interior: interior, on: $0) }
        var found: [NodeID: [UInt8]] = [:]
        for row in rows { found[NodeID(level: row.level, index: row.idx)] = Array(row.hash) }
        if let missing = nodes.first(where: { found[$0] == nil }) { throw MerkleError.missingNode(missing) }
        return found
    }
}
