import FTZCore
import Foundation
import SQLKit
import Storage

/// Document bytes as content-addressed rows of the shared database, written in the
/// transaction that records the document. Used on PostgreSQL, where several `ftz serve`
/// processes share one database and no process's local disk is reachable by the others.
public struct DatabaseDocumentStore: DocumentStore {
    let database: Database

    public init(database: Database) { self.database = database }

    private struct ContentRow: Decodable { let content: Data }
    private struct DigestRow: Decodable { let sha256: String }

    public func put(_ bytes: Data, digest: String, at now: Date, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO document_blobs (sha256, content, size, stored_at)
            VALUES (\(bind: digest), \(bind: bytes), \(bind: Int64(bytes.count)), \(bind: now))
            ON CONFLICT (sha256) DO UPDATE SET stored_at = excluded.stored_at
            """).run()
    }

    public func get(_ sha256: String) async throws -> Data? {
        try await database.read {
            try await $0.raw("SELECT content FROM document_blobs WHERE sha256 = \(bind: sha256)").first(decoding: ContentRow.self)?.content
        }
    }

    public func digests(storedBefore cutoff: Date) async throws -> [String] {
        try await database.read {
            try await $0.raw("SELECT sha256 FROM document_blobs WHERE stored_at < \(bind: cutoff)").all(decoding: DigestRow.self).map(\.sha256)
        }
    }

    public func remove(_ sha256: String, storedBefore cutoff: Date) async throws {
        try await database.transaction { tx in
            try await tx.sql.raw("DELETE FROM document_blobs WHERE sha256 = \(bind: sha256) AND stored_at < \(bind: cutoff)").run()
        }
    }
}
