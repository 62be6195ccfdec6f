import FTZCore
import Foundation
import Merkle
import SQLKit
import Storage

/// Every statement the ledger runs, and every difference between the engines: entries,
/// interior tree nodes, the head row, signing keys and checkpoints.
///
/// On PostgreSQL one entry is appended by the PL/pgSQL function `ledger_append_one`
/// (migration 0005), a deliberate twin of the Swift append (`Ledger.appendBatch`, which
/// hashes the leaf and merges subtrees with `MerkleFrontier`): it saves three round trips
/// while the head row is locked, the log's only serial section. Two implementations of one
/// rule can drift, so neither is trusted alone: `LedgerVerifier` recomputes every leaf,
/// the chain, every stored node and the head from the entries' bytes, and the ledger tests
/// run it after appends on both engines.
struct LedgerStore {
    struct Head: Decodable {
        let size: Int64
        let last_hash: Data
        let frontier: Data
    }

    /// A new entry, hashed and chained by the caller.
    struct NewEntry {
        let index: Int64
        let bytes: [UInt8]
        let leafHash: [UInt8]
        let event: LedgerEvent
        let at: Date
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

    /// An entry's bytes and stored leaf hash, as the verifier reads them.
    struct RawEntry: Decodable {
        let idx: Int64
        let entry: Data
        let leaf_hash: Data
    }

    struct NodeRow: Decodable {
        let level: Int
        let idx: Int64
        let hash: Data
    }

    struct CheckpointRow: Decodable {
        let size: Int64
        let root: Data
        let note: String
        let created_at: Date
        var stored: StoredCheckpoint { StoredCheckpoint(size: size, root: Array(root), note: note, createdAt: created_at) }
    }

    struct KeyRow: Decodable {
        let verifier_key: String
        let status: String
        let added_at: Date
        let retired_at: Date?
    }

    static let entryColumns = "idx, entry, leaf_hash, action, organisation_id, subject_type, subject_id, created_at, visibility"

    /// Whether writers queue for the head row's lock (PostgreSQL, where other processes
    /// write too) and append single entries through `ledger_append_one`; SQLite has one
    /// writer connection, serial already.
    static func locksHead(_ kind: DatabaseKind) -> Bool { kind == .postgres }

    // MARK: Appending

    /// The head row; `locking` holds it until the transaction ends, so writers queue on it.
    func head(locking: Bool, on sql: any SQLDatabase) async throws -> Head? {
        try await sql.raw("SELECT size, last_hash, frontier FROM ledger_head WHERE id = 1\(unsafeRaw: sql.rowLock(locking))")
            .first(decoding: Head.self)
    }

    /// PostgreSQL only: one entry appended in one round trip; its index and leaf hash.
    func appendOne(_ template: EntryTemplate, event: LedgerEvent, at time: Date, on sql: any SQLDatabase) async throws
        -> (index: Int64, leafHash: [UInt8])?
    {
        struct Appended: Decodable { let entry_index: Int64; let entry_leaf_hash: Data }
        let row = try await sql.raw("""
            SELECT entry_index, entry_leaf_hash FROM ledger_append_one(\(bind: Data(template.prefix)), \(bind: Data(template.middle)),
                \(bind: Data(template.suffix)), \(bind: event.action), \(bind: event.organisationID), \(bind: event.subjectType),
                \(bind: event.subjectID), \(bind: time), \(bind: event.visibility.rawValue))
            """).first(decoding: Appended.self)
        return row.map { ($0.entry_index, Array($0.entry_leaf_hash)) }
    }

    func insert(_ entries: [NewEntry], on sql: any SQLDatabase) async throws {
        for slice in SQLBatch.slices(entries, of: 500) {
            let rows = slice.map { entry -> SQLQueryString in
                """
                (\(bind: entry.index), \(bind: Data(entry.bytes)), \(bind: Data(entry.leafHash)), \(bind: entry.event.action),
                 \(bind: entry.event.organisationID), \(bind: entry.event.subjectType), \(bind: entry.event.subjectID), \(bind: entry.at),
                 \(bind: entry.event.visibility.rawValue))
                """
            }
            try await sql.raw("""
                INSERT INTO ledger_entries (idx, entry, leaf_hash, action, organisation_id, subject_type, subject_id, created_at, visibility) VALUES
                """ + SQLBatch.joined(rows)).run()
        }
    }

    /// Interior complete subtrees (level > 0); leaves live in `ledger_entries`.
    func insert(_ nodes: [(node: NodeID, hash: [UInt8])], on sql: any SQLDatabase) async throws {
        for slice in SQLBatch.slices(nodes, of: 2000) {
            let values = slice.map { node -> SQLQueryString in "(\(bind: node.node.level), \(bind: node.node.index), \(bind: Data(node.hash)))" }
            try await sql.raw("INSERT INTO ledger_nodes (level, idx, hash) VALUES " + SQLBatch.joined(values)).run()
        }
    }

    func moveHead(size: Int64, lastHash: [UInt8], frontier: [UInt8], on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE ledger_head SET size = \(bind: size), last_hash = \(bind: Data(lastHash)), frontier = \(bind: Data(frontier)) WHERE id = 1
            """).run()
    }

    // MARK: Reading

    func entry(at index: Int64, on sql: any SQLDatabase) async throws -> StoredEntry? {
        try await sql.raw("SELECT \(unsafeRaw: Self.entryColumns) FROM ledger_entries WHERE idx = \(bind: index)")
            .first(decoding: EntryRow.self)?.stored
    }

    /// Entries with `start <= index < end`, ascending, at most `limit`; when `organisation`
    /// is given, only those filed under it and meant for it.
    func entries(start: Int64, end: Int64?, limit: Int, organisation: UUID?, on sql: any SQLDatabase) async throws -> [StoredEntry] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.entryColumns) FROM ledger_entries WHERE idx >= \(bind: start)")
        if let end { query = query + " AND idx < \(bind: end)" }
        if let organisation {
            query = query + " AND organisation_id = \(bind: organisation) AND visibility = \(bind: LedgerVisibility.organisation.rawValue)"
        }
        return try await sql.raw(query + " ORDER BY idx LIMIT \(bind: limit)").all(decoding: EntryRow.self).map(\.stored)
    }

    /// Hashes of complete subtrees: leaves from `ledger_entries`, interior nodes from
    /// `ledger_nodes`, in one round trip.
    func hashes(leaves: [Int64], interior: [NodeID], on sql: any SQLDatabase) async throws -> [NodeRow] {
        guard !leaves.isEmpty || !interior.isEmpty else { return [] }
        let query = sql.dialect.name == "postgresql" ? Self.arrayQuery(leaves: leaves, interior: interior)
                                                     : Self.listQuery(leaves: leaves, interior: interior)
        return try await sql.raw(query).all(decoding: NodeRow.self)
    }

    /// PostgreSQL: the wanted ids travel as arrays, so the statement text (and its plan)
    /// is the same whatever the proof; a long OR list would be planned afresh every time.
    static func arrayQuery(leaves: [Int64], interior: [NodeID]) -> SQLQueryString {
        """
        SELECT 0 AS level, idx, leaf_hash AS hash FROM ledger_entries WHERE idx = ANY(\(bind: leaves))
        UNION ALL
        SELECT n.level, n.idx, n.hash FROM ledger_nodes n
        JOIN unnest(\(bind: interior.map { Int16($0.level) }), \(bind: interior.map(\.index))) AS wanted(level, idx)
          ON n.level = wanted.level AND n.idx = wanted.idx
        """
    }

    /// SQLite: no arrays; an IN list and OR'ed pairs, which its planner handles cheaply.
    static func listQuery(leaves: [Int64], interior: [NodeID]) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        if !leaves.isEmpty {
            parts.append("SELECT 0 AS level, idx, leaf_hash AS hash FROM ledger_entries WHERE idx IN ("
                         + SQLBatch.joined(leaves.map { "\(bind: $0)" }) + ")")
        }
        if !interior.isEmpty {
            parts.append("SELECT level, idx, hash FROM ledger_nodes WHERE "
                         + SQLBatch.joined(interior.map { "(level = \(bind: $0.level) AND idx = \(bind: $0.index))" }, separator: " OR "))
        }
        return parts.count == 2 ? parts[0] + " UNION ALL " + parts[1] : parts[0]
    }

    // MARK: Verifying

    /// Entries from `start`, at most `limit`, with the stored subtrees they complete: node
    /// (L, i) completes at leaf (i + 1)·2^L − 1.
    func verificationChunk(from start: Int64, limit: Int64, on sql: any SQLDatabase) async throws -> (rows: [RawEntry], nodes: [NodeRow]) {
        let rows = try await sql.raw("""
            SELECT idx, entry, leaf_hash FROM ledger_entries WHERE idx >= \(bind: start) ORDER BY idx LIMIT \(bind: limit)
            """).all(decoding: RawEntry.self)
        let end = start + limit
        var ranges: [SQLQueryString] = []
        var level = 1
        while (Int64(1) << Int64(level)) <= end {
            let first = (start + 1 + (Int64(1) << Int64(level)) - 1) >> Int64(level) - 1
            let last = end >> Int64(level)
            if first < last { ranges.append("(level = \(bind: level) AND idx >= \(bind: first) AND idx < \(bind: last))") }
            level += 1
        }
        guard !ranges.isEmpty else { return (rows, []) }
        return (rows, try await sql.raw("SELECT level, idx, hash FROM ledger_nodes WHERE " + SQLBatch.joined(ranges, separator: " OR ")).all(decoding: NodeRow.self))
    }

    func nodeCount(on sql: any SQLDatabase) async throws -> Int64 {
        struct Count: Decodable { let n: Int64 }
        return try await sql.raw("SELECT COUNT(*) AS n FROM ledger_nodes").first(decoding: Count.self)?.n ?? 0
    }

    // MARK: Keys and checkpoints

    /// Records `current` keys as current and every other current key as retired.
    func registerKeys(current: [String], at time: Date, on sql: any SQLDatabase) async throws {
        for key in current {
            try await sql.raw("""
                INSERT INTO ledger_keys (verifier_key, status, added_at) VALUES (\(bind: key), 'current', \(bind: time))
                ON CONFLICT (verifier_key) DO UPDATE SET status = 'current', retired_at = NULL
                """).run()
        }
        var retire = SQLQueryString("UPDATE ledger_keys SET status = 'retired', retired_at = \(bind: time) WHERE status = 'current'")
        for key in current { retire = retire + " AND verifier_key <> \(bind: key)" }
        try await sql.raw(retire).run()
    }

    func keys(on sql: any SQLDatabase) async throws -> [KeyRow] {
        try await sql.raw("SELECT verifier_key, status, added_at, retired_at FROM ledger_keys ORDER BY added_at, verifier_key")
            .all(decoding: KeyRow.self)
    }

    func latestCheckpoint(on sql: any SQLDatabase) async throws -> StoredCheckpoint? {
        try await sql.raw("SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1")
            .first(decoding: CheckpointRow.self)?.stored
    }

    func checkpoints(on sql: any SQLDatabase) async throws -> [StoredCheckpoint] {
        try await sql.raw("SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size").all(decoding: CheckpointRow.self)
            .map(\.stored)
    }

    /// Keeps one checkpoint per size: a second process signing the same size adds nothing.
    func insert(_ checkpoint: StoredCheckpoint, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO ledger_checkpoints (size, root, note, created_at)
            VALUES (\(bind: checkpoint.size), \(bind: Data(checkpoint.root)), \(bind: checkpoint.note), \(bind: checkpoint.createdAt))
            ON CONFLICT (size) DO NOTHING
            """).run()
    }
}
