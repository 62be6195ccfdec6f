import Crypto
import FTZCore
import Foundation
import Merkle
import SQLKit
import Storage

/// Recomputes the whole ledger from the database — every leaf hash, the hash chain, the
/// Merkle tree, every stored subtree hash, the head row — and checks every stored
/// checkpoint against the recomputed roots and the trusted keys. Reads in chunks, one
/// chunk ahead, and hashes leaves on all cores, so memory stays bounded.
public struct LedgerVerifier: Sendable {
    public struct Mismatch: Error, Equatable, CustomStringConvertible {
        /// The entry index (or tree size, for checkpoints) where the log stops being right.
        public let index: Int64
        public let what: String
        public let expected: String
        public let found: String
        public var description: String { "index \(index): \(what): expected \(expected), found \(found)" }
    }

    public struct Report: Sendable {
        public let entries: Int64
        public let checkpoints: Int
        public let root: [UInt8]
        public let bytes: Int64
        /// Seconds spent hashing (leaves, chain, tree), overlapping the database reads.
        public let hashingSeconds: Double
        public let totalSeconds: Double
    }

    let database: Database
    let trustedKeys: [NoteVerifierKey]
    let origin: String
    let chunkSize: Int

    public init(database: Database, origin: String, trustedKeys: [NoteVerifierKey], chunkSize: Int = 16_384) {
        self.database = database
        self.origin = origin
        self.trustedKeys = trustedKeys
        self.chunkSize = chunkSize
    }

    typealias Row = LedgerStore.RawEntry

    public func verify(progress: @Sendable (Int64, Int64) -> Void = { _, _ in }) async throws -> Report {
        let started = ContinuousClock.now
        var processing = Duration.zero
        let head = try await headRow()
        let checkpoints = try await CheckpointList(database: database)
        var frontier = MerkleFrontier()
        var previousLeaf: [UInt8]?
        // The chain link as it must appear in the next entry: `null`, then `"<base64>"`.
        var previousLeafText = Array("null".utf8)
        var bytes: Int64 = 0
        var nextIndex: Int64 = 0
        var interiorNodes: Int64 = 0

        // One chunk is read (entries and the subtrees they complete) while the last is checked.
        var pending: Task<Chunk, any Error>? = fetchChunk(from: 0)
        while let current = pending {
            let chunk = try await current.value
            pending = chunk.rows.count == chunkSize ? fetchChunk(from: chunk.start + Int64(chunk.rows.count)) : nil
            let clock = ContinuousClock.now
            let leaves = await Self.leafHashes(chunk.rows)
            var created = 0
            for (offset, row) in chunk.rows.enumerated() {
                guard row.idx == nextIndex else {
                    throw Mismatch(index: nextIndex, what: "entry missing", expected: "entry \(nextIndex)", found: "entry \(row.idx) next")
                }
                let leaf = leaves[offset]
                guard row.leaf_hash.elementsEqual(leaf) else {
                    throw Mismatch(index: row.idx, what: "leaf hash of the stored entry", expected: b64(leaf), found: b64(Array(row.leaf_hash)))
                }
                let expectedPrevious = previousLeafText
                let (recordedIndex, linksBack) = row.entry.withUnsafeBytes { bytes in
                    let fields = EntryFields(bytes)
                    return (fields.index, fields.previousMatches(expectedPrevious, in: bytes))
                }
                guard recordedIndex == row.idx else {
                    throw Mismatch(index: row.idx, what: "index recorded inside the entry", expected: "\(row.idx)",
                                   found: recordedIndex.map(String.init) ?? "none")
                }
                guard linksBack else {
                    let found = row.entry.withUnsafeBytes { EntryFields($0).previousText(in: $0) } ?? "none"
                    throw Mismatch(index: row.idx, what: "hash chain (previous entry's leaf hash)",
                                   expected: String(decoding: expectedPrevious, as: UTF8.self), found: found)
                }
                for node in frontier.append(leafHash: leaf) where node.node.level > 0 {
                    created += 1
                    guard let stored = chunk.nodes[node.node] else {
                        throw Mismatch(index: row.idx, what: "stored subtree \(node.node) missing", expected: b64(node.hash), found: "none")
                    }
                    guard stored == node.hash else {
                        throw Mismatch(index: row.idx, what: "stored subtree \(node.node)", expected: b64(node.hash), found: b64(stored))
                    }
                }
                previousLeaf = leaf
                previousLeafText = Array(("\"" + b64(leaf) + "\"").utf8)
                bytes += Int64(row.entry.count)
                nextIndex += 1
                if checkpoints.isDue(at: frontier.size) { try checkpoints.check(size: frontier.size, root: frontier.root, verifier: self) }
            }
            // Stored subtrees these entries complete but the recomputation did not create.
            let stored = chunk.nodes.keys.filter { (($0.index + 1) << Int64($0.level)) - 1 < nextIndex }.count
            guard stored == created else {
                throw Mismatch(index: chunk.start, what: "stored subtrees completed by entries \(chunk.start)..<\(nextIndex)",
                               expected: "\(created)", found: "\(stored)")
            }
            interiorNodes += Int64(created)
            processing += clock.duration(to: .now)
            progress(nextIndex, head.size)
        }

        if nextIndex != head.size {
            throw Mismatch(index: nextIndex, what: "log length (entries present vs the head row)", expected: "\(head.size) entries",
                           found: "\(nextIndex) entries")
        }
        if Array(head.last_hash) != (previousLeaf ?? []) || Array(head.frontier) != frontier.serialized {
            throw Mismatch(index: max(0, nextIndex - 1), what: "head row's last hash and tree frontier",
                           expected: b64(previousLeaf ?? []), found: b64(Array(head.last_hash)))
        }
        if let beyond = checkpoints.remaining {
            throw Mismatch(index: beyond, what: "checkpoint beyond the end of the log (truncated log)",
                           expected: "at most \(nextIndex) entries", found: "checkpoint of size \(beyond)")
        }
        let storedNodes = try await database.read { try await LedgerStore().nodeCount(on: $0) }
        if storedNodes != interiorNodes {
            throw Mismatch(index: nextIndex, what: "stored subtrees beyond the log", expected: "\(interiorNodes)", found: "\(storedNodes)")
        }
        return Report(entries: nextIndex, checkpoints: checkpoints.count, root: frontier.root, bytes: bytes,
                      hashingSeconds: processing.seconds, totalSeconds: started.duration(to: .now).seconds)
    }

    /// Entries `start ..< start + chunkSize` and every stored subtree those entries
    /// complete: node (L, i) completes at leaf (i + 1)·2^L − 1.
    struct Chunk: Sendable {
        let start: Int64
        let rows: [Row]
        let nodes: [NodeID: [UInt8]]
    }

    private func fetchChunk(from start: Int64) -> Task<Chunk, any Error> {
        let limit = Int64(chunkSize)
        return Task {
            let (rows, stored) = try await database.read { try await LedgerStore().verificationChunk(from: start, limit: limit, on: $0) }
            var nodes: [NodeID: [UInt8]] = [:]
            for node in stored { nodes[NodeID(level: node.level, index: node.idx)] = Array(node.hash) }
            return Chunk(start: start, rows: rows, nodes: nodes)
        }
    }

    /// Leaf hashes of a chunk, computed in parallel slices.
    static func leafHashes(_ rows: [Row]) async -> [[UInt8]] {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, rows.count / 1024))
        let per = (rows.count + slices - 1) / max(slices, 1)
        return await withTaskGroup(of: (Int, [[UInt8]]).self) { group in
            for slice in 0..<slices {
                let range = (slice * per)..<min(rows.count, (slice + 1) * per)
                group.addTask { (slice, range.map { index in rows[index].entry.withUnsafeBytes { MerkleHash.leaf($0) } }) }
            }
            var parts = [[[UInt8]]](repeating: [], count: slices)
            for await (slice, hashes) in group { parts[slice] = hashes }
            return parts.flatMap { $0 }
        }
    }

    private func headRow() async throws -> LedgerStore.Head {
        guard let row = try await database.read({ try await LedgerStore().head(locking: false, on: $0) }) else { throw LedgerFailure.missingHead }
        return row
    }

    /// Checks one checkpoint note: right origin and size, right root, and a valid
    /// signature by a trusted key (a signature line naming a trusted key that does not
    /// verify is a forgery).
    func checkNote(_ note: String, size: Int64, root: [UInt8]) throws {
        let parsed: SignedNote
        let body: Checkpoint
        do {
            parsed = try SignedNote.parse(note)
            body = try Checkpoint(body: parsed.text)
        } catch {
            throw Mismatch(index: size, what: "checkpoint format", expected: "a C2SP signed checkpoint", found: "\(error)")
        }
        guard body.origin == origin, body.size == size else {
            throw Mismatch(index: size, what: "checkpoint origin and size", expected: "\(origin) \(size)", found: "\(body.origin) \(body.size)")
        }
        guard body.root == root else {
            throw Mismatch(index: size, what: "checkpoint root (inconsistent with the log)", expected: b64(root), found: b64(body.root))
        }
        let valid = parsed.verifiedSignatures(by: trustedKeys)
        let claimed = parsed.signatures.filter { signature in trustedKeys.contains { $0.name == signature.keyName && $0.keyID == signature.keyID } }
        guard !valid.isEmpty, valid.count == claimed.count else {
            throw Mismatch(index: size, what: "checkpoint signature", expected: "a valid signature by a trusted key",
                           found: claimed.isEmpty ? "no signature by a trusted key" : "a signature that does not verify (forged)")
        }
    }
}

/// The stored checkpoints, consumed in size order as the recomputed tree grows.
final class CheckpointList: @unchecked Sendable {
    private var pending: [(size: Int64, root: [UInt8], note: String)]
    let count: Int

    init(database: Database) async throws {
        let rows = try await database.read { try await LedgerStore().checkpoints(on: $0) }
        pending = rows.map { ($0.size, $0.root, $0.note) }
        count = rows.count
    }

    func check(size: Int64, root: [UInt8], verifier: LedgerVerifier) throws {
        while let next = pending.first, next.size <= size {
            pending.removeFirst()
            guard next.size == size else { continue }
            if next.root != root {
                throw LedgerVerifier.Mismatch(index: size, what: "stored checkpoint root", expected: b64(root), found: b64(next.root))
            }
            try verifier.checkNote(next.note, size: size, root: root)
        }
    }

    var remaining: Int64? { pending.first?.size }

    /// Whether a stored checkpoint is at (or was skipped before) this size, so the root —
    /// log n hashes — is only computed when one is.
    func isDue(at size: Int64) -> Bool { pending.first.map { $0.size <= size } ?? false }
}

/// The two fields the chain check needs, found without parsing the whole entry. Canonical
/// JSON orders members, so the first `"index":` is the top-level one (earlier members hold
/// only strings, where a quote is always escaped) and the last `"previous":` is too (later
/// members are the subject's strings and the timestamp).
struct EntryFields {
    let index: Int64?
    /// Where the `previous` value starts (its quote, or the `n` of `null`).
    let previousStart: Int?

    /// The `previous` value as written (`null` or `"<base64>"`), for the failure message.
    func previousText(in bytes: UnsafeRawBufferPointer) -> String? {
        guard let start = previousStart else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: "}") { end += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Whether the `previous` value is exactly `expected` (`null` or `"<base64>"`).
    func previousMatches(_ expected: [UInt8], in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let start = previousStart, start + expected.count <= bytes.count else { return false }
        for offset in 0..<expected.count where bytes[start + offset] != expected[offset] { return false }
        let next = start + expected.count
        return next < bytes.count && (bytes[next] == UInt8(ascii: ",") || bytes[next] == UInt8(ascii: "}"))
    }

    init(_ bytes: UnsafeRawBufferPointer) {
        index = Self.firstEnd(of: Self.indexKey, in: bytes).flatMap { start in
            var value: Int64 = 0
            var position = start
            var digits = 0
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                value = value * 10 + Int64(bytes[position] - 48)
                position += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        previousStart = Self.lastEnd(of: Self.previousKey, in: bytes)
    }

    private static let indexKey = Array(#""index":"#.utf8)
    private static let previousKey = Array(#""previous":"#.utf8)

    private static func matches(_ needle: [UInt8], at start: Int, in haystack: UnsafeRawBufferPointer) -> Bool {
        for offset in 0..<needle.count where haystack[start + offset] != needle[offset] { return false }
        return true
    }

    private static func firstEnd(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] && matches(needle, at: start, in: haystack) {
            return start + needle.count
        }
        return nil
    }

    private static func lastEnd(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in stride(from: haystack.count - needle.count, through: 0, by: -1)
        where haystack[start] == needle[0] && matches(needle, at: start, in: haystack) {
            return start + needle.count
        }
        return nil
    }
}

func b64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
