import FTZCore
import Foundation
import Merkle
import Storage
import Synchronization

/// What callers may read of the ledger. Checkpoints, keys and proofs are public (they
/// hold only hashes); whole entries are for auditors and administrators; anyone else reads
/// only the entries filed under its own organisation and meant for it (visibility
/// `organisation`), with officials named as "the authority".
public struct LedgerService: Sendable {
    public let reader: LedgerReader
    public let checkpoints: CheckpointService

    private let knownSize = KnownSize()

    public init(reader: LedgerReader, checkpoints: CheckpointService) {
        self.reader = reader
        self.checkpoints = checkpoints
    }

    /// The log only grows, so a size seen once stays valid: proofs up to it need no head
    /// read; a larger tree size asks the database again.
    private func committedSize(atLeast wanted: Int64) async throws -> Int64 {
        let known = knownSize.value
        if wanted <= known { return known }
        let size = try await reader.head().size
        knownSize.raise(to: size)
        return size
    }

    static let readsEverything: Set<Role> = [.auditor, .admin]

    /// The newest signed checkpoint; one is signed on the spot if none exists yet.
    public func checkpoint() async throws -> StoredCheckpoint {
        if let latest = try await checkpoints.latest() { return latest }
        if let made = try await checkpoints.checkpointNow() { return made }
        guard let latest = try await checkpoints.latest() else { throw Problem(.serviceUnavailable, "not_ready", retryAfter: 1) }
        return latest
    }

    public func entries(start: Int64, end: Int64?, page: PageRequest, by actor: Actor) async throws -> Page<StoredEntry> {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        var validator = FieldValidator()
        validator.check(start >= 0, "start", "index_range")
        if let end { validator.check(end >= start, "end", "index_range") }
        if !validator.errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: validator.errors) }
        let organisation = try scope(for: actor)
        // The cursor is the last index returned; resume just after it.
        let from = page.after.flatMap(Int64.init).map { max($0 + 1, start) } ?? start
        let rows = try await reader.entries(start: from, end: end, limit: page.limit + 1, organisation: organisation)
        let readable = organisation.map { reader in rows.map { $0.redacted(for: reader) } } ?? rows
        return Page(fetched: readable, limit: page.limit) { String($0.index) }
    }

    public func entry(at index: Int64, by actor: Actor) async throws -> StoredEntry {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let organisation = try scope(for: actor)
        guard let entry = try await reader.entry(at: index) else { throw Problem.notFound("ledger_entry") }
        guard let organisation else { return entry }
        // Another organisation's entry, or one not meant for this one, is not there for it;
        // its hash still is, in every proof.
        guard entry.organisationID == organisation, entry.visibility == .organisation else { throw Problem.notFound("ledger_entry") }
        return entry.redacted(for: organisation)
    }

    /// nil: everything; otherwise the one organisation whose entries the actor may read.
    private func scope(for actor: Actor) throws -> UUID? {
        if !actor.roles.isDisjoint(with: Self.readsEverything) { return nil }
        guard let organisation = actor.organisationID else { throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "auditor, admin"]) }
        return organisation
    }

    public struct InclusionProof: Sendable {
        public let index: Int64
        public let treeSize: Int64
        public let leafHash: [UInt8]
        public let hashes: [[UInt8]]
    }

    public func inclusionProof(index: Int64, treeSize: Int64) async throws -> InclusionProof {
        let size = try await committedSize(atLeast: treeSize)
        var validator = FieldValidator()
        validator.check(treeSize >= 1 && treeSize <= size, "treeSize", "tree_size_range", arguments: ["size": String(size)])
        validator.check(index >= 0 && index < max(treeSize, 1), "index", "index_range")
        if !validator.errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: validator.errors) }
        let (leafHash, hashes) = try await reader.inclusionProofWithLeaf(index: index, treeSize: treeSize)
        return InclusionProof(index: index, treeSize: treeSize, leafHash: leafHash, hashes: hashes)
    }

    public func consistencyProof(from: Int64, to: Int64) async throws -> [[UInt8]] {
        let size = try await committedSize(atLeast: to)
        var validator = FieldValidator()
        validator.check(to >= 1 && to <= size, "to", "tree_size_range", arguments: ["size": String(size)])
        validator.check(from >= 1 && from <= to, "from", "index_range")
        if !validator.errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: validator.errors) }
        return try await reader.consistencyProof(from: from, to: to)
    }
}

/// The largest log size observed, shared by all requests of this process.
final class KnownSize: Sendable {
    private let size = Atomic<Int64>(0)
    var value: Int64 { size.load(ordering: .relaxed) }
    func raise(to newValue: Int64) { _ = size.max(newValue, ordering: .relaxed) }
}
