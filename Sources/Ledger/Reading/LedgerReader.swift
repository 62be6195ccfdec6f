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

    private struct HeadRow: Decodable {
        let size: Int64
        let last_hash: Data
        let frontier: Data
    }

    /// Size and root of the committed log, from the head row's frontier (no tree walk).
    public func head(on sql: (any SQLDatabase)? = nil) async throws -> Head {
        let row: HeadRow? = if let sql {
            try await sql.raw("SELECT size, last_hash, frontier FROM ledger_head WHERE id = 1").first(decoding: HeadRow.self)
        } else {
            try await database.read { try await $0.raw("SELECT size, last_hash, frontier FROM ledger_head WHERE id = 1").first(decoding: HeadRow.self) }
        }
        guard let row else { throw LedgerFailure.missingHead }
        guard let frontier = MerkleFrontier(size: row.size, serialized: Array(row.frontier)) else {
            throw LedgerFailure.corruptHead(size: row.size)
        }
        return Head(size: row.size, root: frontier.root, lastLeafHash: Array(row.last_hash))
    }

    struct EntryRow: Decodable {
        let idx: Int64
        let entry: Data
        let leaf_hash: Data
        let action: String
        let organisation_id: UUID?
        let subject_type: String
        let subject_id: String
        let created_at: Date
        let visibility: String

        var stored: StoredEntry {
            StoredEntry(index: idx, bytes: Array(entry), leafHash: Array(leaf_hash), action: action, organisationID: organisation_id,
                        subjectType: subject_type, subjectID: subject_id, createdAt: created_at,
                        visibility: LedgerVisibility(rawValue: visibility) ?? .internal)
        }
    }

    static let entryColumns = "idx, entry, leaf_hash, action, organisation_id, subject_type, subject_id, created_at, visibility"

    public func entry(at index: Int64) async throws -> StoredEntry? {
        try await database.read {
            try await $0.raw("SELECT \(unsafeRaw: Self.entryColumns) FROM ledger_entries WHERE idx = \(bind: index)")
                .first(decoding: EntryRow.self)?.stored
        }
    }

    /// Entries with `start <= index < end`, ascending, at most `limit`; when `organisation`
    /// is given, only those filed under it and meant for it (visibility `organisation`).
    public func entries(start: Int64, end: Int64?, limit: Int, organisation: UUID?) async throws -> [StoredEntry] {
        try await database.read { sql in
            var query = SQLQueryString("SELECT \(unsafeRaw: Self.entryColumns) FROM ledger_entries WHERE idx >= \(bind: start)")
            if let end { query = query + " AND idx < \(bind: end)" }
            if let organisation {
                query = query + " AND organisation_id = \(bind: organisation) AND visibility = \(bind: LedgerVisibility.organisation.rawValue)"
            }
            query = query + " ORDER BY idx LIMIT \(bind: limit)"
            return try await sql.raw(query).all(decoding: EntryRow.self).map(\.stored)
        }
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

    private struct NodeRow: Decodable { let level: Int; let idx: Int64; let hash: Data }

    func hashes(of nodes: Set<NodeID>) async throws -> [NodeID: [UInt8]] {
        let leaves = nodes.filter { $0.level == 0 }.map(\.index)
        let interior = Array(nodes.filter { $0.level > 0 })
        let union = database.kind == .postgres ? Self.postgresQuery(leaves: leaves, interior: interior)
                                               : Self.portableQuery(leaves: leaves, interior: interior)
        guard let union else { return [:] }
        let rows = try await database.read { try await $0.raw(union).all(decoding: NodeRow.self) }
        var found: [NodeID: [UInt8]] = [:]
        for row in rows { found[NodeID(level: row.level, index: row.idx)] = Array(row.hash) }
        if let missing = nodes.first(where: { found[$0] == nil }) { throw MerkleError.missingNode(missing) }
        return found
    }

    /// PostgreSQL: the wanted ids travel as arrays, so the statement text (and its plan)
    /// is the same whatever the proof; a long OR list would be planned afresh every time.
    static func postgresQuery(leaves: [Int64], interior: [NodeID]) -> SQLQueryString? {
        guard !leaves.isEmpty || !interior.isEmpty else { return nil }
        return """
            SELECT 0 AS level, idx, leaf_hash AS hash FROM ledger_entries WHERE idx = ANY(\(bind: leaves))
            UNION ALL
            SELECT n.level, n.idx, n.hash FROM ledger_nodes n
            JOIN unnest(\(bind: interior.map { Int16($0.level) }), \(bind: interior.map(\.index))) AS wanted(level, idx)
              ON n.level = wanted.level AND n.idx = wanted.idx
            """
    }

    /// SQLite: no arrays; an IN list and OR'ed pairs, which its planner handles cheaply.
    static func portableQuery(leaves: [Int64], interior: [NodeID]) -> SQLQueryString? {
        var parts: [SQLQueryString] = []
        if !leaves.isEmpty {
            var query = SQLQueryString("SELECT 0 AS level, idx, leaf_hash AS hash FROM ledger_entries WHERE idx IN (")
            for (position, index) in leaves.enumerated() { query = query + (position == 0 ? "" : ", ") + "\(bind: index)" }
            parts.append(query + ")")
        }
        if !interior.isEmpty {
            var query = SQLQueryString("SELECT level, idx, hash FROM ledger_nodes WHERE ")
            for (position, node) in interior.enumerated() {
                query = query + (position == 0 ? "" : " OR ") + "(level = \(bind: node.level) AND idx = \(bind: node.index))"
            }
            parts.append(query)
        }
        guard let first = parts.first else { return nil }
        return parts.count == 2 ? first + " UNION ALL " + parts[1] : first
    }
}
