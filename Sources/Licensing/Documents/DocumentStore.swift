import FTZCore
import Crypto
import Foundation
import Storage

/// Where document bytes live, addressed by their SHA-256 so a file stored twice is kept
/// once and can never be altered in place.
///
/// Bytes are stored inside the transaction that records the document: when it commits,
/// they are durable, and where several processes share the database (PostgreSQL), every
/// process can read them. Bytes of a transaction that did not commit are orphans, which
/// ``LicensingService/sweepOrphanDocuments()`` removes.
public protocol DocumentStore: Sendable {
    /// Stores `bytes` (whose SHA-256 is `digest`) durably before `tx` commits; `now` dates
    /// them for the orphan sweep.
    func put(_ bytes: Data, digest: String, at now: Date, in tx: Transaction) async throws
    func get(_ sha256: String) async throws -> Data?
    /// Digests of stored bytes older than `cutoff`: candidates for the orphan sweep.
    func digests(storedBefore cutoff: Date) async throws -> [String]
    /// Removes the bytes unless they were stored (again) since `cutoff`: an upload of the
    /// same bytes renews them, so the sweep never takes what a new document refers to.
    func remove(_ sha256: String, storedBefore cutoff: Date) async throws
}

/// Content-addressed files under a directory: `ab/cd/abcd…` (two levels of fan-out), for
/// a single process on SQLite.
public struct FileSystemDocumentStore: DocumentStore {
    public let root: URL

    public init(root: URL) { self.root = root }

    public static func digest(_ bytes: Data) -> String {
        SHA256.hash(data: bytes).hexEncoded
    }

    private func path(_ sha256: String) -> URL {
        root.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(String(sha256.dropFirst(2).prefix(2)))
            .appendingPathComponent(sha256)
    }

    public func put(_ bytes: Data, digest: String, at now: Date, in tx: Transaction) async throws {
        let target = path(digest)
        if FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.setAttributes([.modificationDate: now], ofItemAtPath: target.path)
            return
        }
        let directory = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Stage, flush, rename, flush the directory: when the transaction commits, the file
        // is on disk under its final name, and a crash never leaves a half-written one there.
        let staged = directory.appendingPathComponent(".\(digest).\(UUID().uuidString)")
        try DurableFile.writeNew(bytes, to: staged)
        try FileManager.default.setAttributes([.modificationDate: now], ofItemAtPath: staged.path)
        do {
            try FileManager.default.moveItem(at: staged, to: target)
        } catch where FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: staged)  // a concurrent upload of the same bytes won
        }
        try DurableFile.synchronizeDirectory(directory)
    }

    public func get(_ sha256: String) async throws -> Data? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: path(sha256).path)
    }

    public func digests(storedBefore cutoff: Date) async throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey, .isRegularFileKey])
        else { return [] }
        var found: [String] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .isRegularFileKey])
            guard values?.isRegularFile == true, let modified = values?.contentModificationDate, modified < cutoff else { continue }
            let name = url.lastPathComponent
            if name.hasPrefix(".") {
                try? FileManager.default.removeItem(at: url)  // a staged file whose upload died before its rename
            } else if name.count == 64 {
                found.append(name)
            }
        }
        return found
    }

    public func remove(_ sha256: String, storedBefore cutoff: Date) async throws {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return }
        let target = path(sha256)
        guard let modified = (try? target.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate,
              modified < cutoff
        else { return }
        try? FileManager.default.removeItem(at: target)
    }
}
