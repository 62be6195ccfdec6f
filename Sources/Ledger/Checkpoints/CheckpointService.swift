import FTZCore
import Foundation
import Logging
import SQLKit
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
        try await database.transaction { tx in
            for key in current {
                try await tx.sql.raw("""
                    INSERT INTO ledger_keys (verifier_key, status, added_at) VALUES (\(bind: key), 'current', \(bind: now))
                    ON CONFLICT (verifier_key) DO UPDATE SET status = 'current', retired_at = NULL
                    """).run()
            }
            var retire = SQLQueryString("UPDATE ledger_keys SET status = 'retired', retired_at = \(bind: now) WHERE status = 'current'")
            for key in current { retire = retire + " AND verifier_key <> \(bind: key)" }
            try await tx.sql.raw(retire).run()
        }
    }

    public struct PublishedKey: Sendable, Equatable {
        public let verifierKey: String
        public let status: String
        public let addedAt: Date
        public let retiredAt: Date?
    }

    public func publishedKeys() async throws -> [PublishedKey] {
        struct Row: Decodable { let verifier_key: String; let status: String; let added_at: Date; let retired_at: Date? }
        return try await database.read {
            try await $0.raw("SELECT verifier_key, status, added_at, retired_at FROM ledger_keys ORDER BY added_at, verifier_key")
                .all(decoding: Row.self)
        }.map { PublishedKey(verifierKey: $0.verifier_key, status: $0.status, addedAt: $0.added_at, retiredAt: $0.retired_at) }
    }

    private struct Row: Decodable {
        let size: Int64
        let root: Data
        let note: String
        let created_at: Date
        var stored: StoredCheckpoint { StoredCheckpoint(size: size, root: Array(root), note: note, createdAt: created_at) }
    }

    public func latest() async throws -> StoredCheckpoint? {
        try await database.read {
            try await $0.raw("SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1")
                .first(decoding: Row.self)?.stored
        }
    }

    /// Every stored checkpoint in ascending size, for the verifier.
    public func all() async throws -> [StoredCheckpoint] {
        try await database.read {
            try await $0.raw("SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size").all(decoding: Row.self).map(\.stored)
        }
    }

    /// Signs and stores a checkpoint of the log as it stands, unless the last one already
    /// covers it. Safe to call from several processes: one checkpoint per size is kept.
    @discardableResult
    public func checkpointNow() async throws -> StoredCheckpoint? {
        let head = try await reader.head()
        if let last = try await latest(), last.size >= head.size { return nil }
        let note = try SignedNote.sign(Checkpoint(origin: origin, size: head.size, root: head.root).body, with: signingKeys)
        let now = clock.now()
        try await database.transaction { tx in
            try await tx.sql.raw("""
                INSERT INTO ledger_checkpoints (size, root, note, created_at)
                VALUES (\(bind: head.size), \(bind: Data(head.root)), \(bind: note.serialized), \(bind: now))
                ON CONFLICT (size) DO NOTHING
                """).run()
        }
        logger.debug("ledger checkpoint signed", metadata: ["size": "\(head.size)"])
        return StoredCheckpoint(size: head.size, root: head.root, note: note.serialized, createdAt: now)
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
