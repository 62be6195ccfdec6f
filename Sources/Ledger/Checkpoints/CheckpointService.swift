import FTZCore
import Foundation
import Logging
import Storage

/// A signed checkpoint as stored and served.
public struct StoredCheckpoint: Sendable, Equatable {
    public let size: Int64
    public let root: [UInt8]
    /// The full C2SP signed note.
    public let note: String
    public let createdAt: Date
}

/// Publishes the ledger's state: signs a checkpoint at least every `maximumAge` seconds
/// while entries arrive, or as soon as `maximumEntries` accumulated, and keeps every one.
public final class CheckpointService: Sendable {
    public let origin: String
    let signingKeys: [NoteSigningKey]
    let database: Database
    let reader: LedgerReader
    let clock: any WallClock
    let logger: Logger
    private let store = LedgerStore()
    public let maximumAge: TimeInterval
    public let maximumEntries: Int64

    public init(database: Database, origin: String, signingKeys: [NoteSigningKey], clock: any WallClock, logger: Logger,
                maximumAge: TimeInterval = 10, maximumEntries: Int64 = 1000) {
        precondition(!signingKeys.isEmpty, "at least one signing key")
        self.database = database
        self.reader = LedgerReader(database: database)
        self.origin = origin
        self.signingKeys = signingKeys
        self.clock = clock
        self.logger = logger
        self.maximumAge = maximumAge
        self.maximumEntries = maximumEntries
    }

    public var currentVerifierKeys: [NoteVerifierKey] { signingKeys.map(\.verifier) }

    /// Records the configured keys as current and any other key that signed before as
    /// retired, so verifiers can still check old checkpoints.
    public func registerKeys() async throws {
        let now = clock.now()
        let current = currentVerifierKeys.map(\.serialized)
        try await database.transaction { tx in try await self.store.registerKeys(current: current, at: now, on: tx.sql) }
    }

    public struct PublishedKey: Sendable, Equatable {
        public let verifierKey: String
        public let status: String
        public let addedAt: Date
        public let retiredAt: Date?
    }

    public func publishedKeys() async throws -> [PublishedKey] {
        try await database.read { try await self.store.keys(on: $0) }.map { PublishedKey(verifierKey: $0.verifier_key, status: $0.status, addedAt: $0.added_at, retiredAt: $0.retired_at) }
    }

    public func latest() async throws -> StoredCheckpoint? {
        try await database.read { try await self.store.latestCheckpoint(on: $0) }
    }

    /// Every stored checkpoint in ascending size, for the verifier.
    public func all() async throws -> [StoredCheckpoint] {
        try await database.read { try await self.store.checkpoints(on: $0) }
    }

    /// Signs and stores a checkpoint of the log as it stands, unless the last one already
    /// covers it. Safe to call from several processes: one checkpoint per size is kept.
    @discardableResult
    public func checkpointNow() async throws -> StoredCheckpoint? {
        let head = try await reader.head()
        if let last = try await latest(), last.size >= head.size { return nil }
        let note = try SignedNote.sign(Checkpoint(origin: origin, size: head.size, root: head.root).body, with: signingKeys)
        let checkpoint = StoredCheckpoint(size: head.size, root: head.root, note: note.serialized, createdAt: clock.now())
        try await database.transaction { tx in try await self.store.insert(checkpoint, on: tx.sql) }
        logger.debug("ledger checkpoint signed", metadata: ["size": "\(head.size)"])
        return checkpoint
    }

    /// Signs a checkpoint if enough entries or enough time accumulated since the last.
    @discardableResult
    public func checkpointIfDue() async throws -> StoredCheckpoint? {
        let head = try await reader.head()
        let last = try await latest()
        let pending = head.size - (last?.size ?? 0)
        guard pending > 0 else { return nil }
        let age = last.map { clock.now().timeIntervalSince($0.createdAt) } ?? .infinity
        guard pending >= maximumEntries || age >= maximumAge else { return nil }
        return try await checkpointNow()
    }

    /// Runs until cancelled, checking once a second whether a checkpoint is due.
    public func run() async {
        while !Task.isCancelled {
            do { try await checkpointIfDue() } catch {
                logger.error("ledger checkpoint failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
