import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that are whole and on disk when the call returns: written to a new file created
/// with its final permissions (never world-readable, not even for an instant: a key file
/// is 0600 from its first byte), flushed, renamed into place, and the directory flushed.
public enum DurableFile {
    public struct Failure: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Replaces (or creates) `url` with `bytes`, created with `mode`; parent folders are made.
    public static func write(_ bytes: Data, to url: URL, mode: mode_t = 0o600) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let staged = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        try writeNew(bytes, to: staged, mode: mode)
        guard rename(staged.path, url.path) == 0 else {
            let code = errno
            unlink(staged.path)
            throw Failure(operation: "rename", path: url.path, code: code)
        }
        try synchronizeDirectory(directory)
    }

    /// Creates `url`, which must not exist, with `mode`, and flushes it.
    public static func writeNew(_ bytes: Data, to url: URL, mode: mode_t = 0o600) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(operation: "open", path: url.path, code: errno) }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                guard written > 0 else { throw Failure(operation: "write", path: url.path, code: errno) }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: url.path, code: errno) }
    }

    /// Flushes a directory, so a rename or a new file in it survives a crash.
    public static func synchronizeDirectory(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(operation: "open", path: url.path, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: url.path, code: errno) }
    }
}
