import FTZCore
import Crypto
import Foundation

/// Where document bytes live, addressed by their SHA-256 so a file stored twice is kept
/// once and can never be altered in place. A small protocol so that an S3-compatible
/// object store can replace the file system.
public protocol DocumentStore: Sendable {
    /// Stores the bytes and returns their lower-case hex SHA-256.
    func put(_ bytes: Data) async throws -> String
    func get(_ sha256: String) async throws -> Data?
}

/// Content-addressed files under a directory: `ab/cd/abcd…` (two levels of fan-out).
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

    public func put(_ bytes: Data) async throws -> String {
        let digest = Self.digest(bytes)
        let target = path(digest)
        if FileManager.default.fileExists(atPath: target.path) { return digest }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Write then rename: a crash never leaves a half-written file under the final name.
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(digest).\(UUID().uuidString)")
        try bytes.write(to: temporary)
        do {
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch where FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: temporary)  // a concurrent upload of the same bytes won
        }
        return digest
    }

    public func get(_ sha256: String) async throws -> Data? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: path(sha256).path)
    }
}
