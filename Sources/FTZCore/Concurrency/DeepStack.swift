#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs synchronous work that recurses deeply on a thread of its own whose stack is sized
/// for it, instead of on the caller's thread.
///
/// Decoding the zone catalogue (YAML composed into nodes, then `Codable` through a dozen
/// nested types) is such work: in a debug build it needs several hundred KiB of stack, and a
/// Swift concurrency worker on Linux (a libdispatch worker thread) has far less headroom than
/// a main thread's 8 MiB. Run there, a large or deeply nested catalogue overflowed the worker's
/// stack (issue 31, a SIGSEGV inside Yams). The bounds the catalogue loader enforces
/// (``maximumNesting``) keep the need well inside ``stackBytes``, and a test measures it.
public enum DeepStack {
    /// The stack given to each such thread. Memory is only committed as it is touched, so a
    /// generous size costs address space, not RSS.
    public static let stackBytes = 16 << 20

    /// The deepest nesting a data file read by the loaders may have (mappings and sequences
    /// within each other). The zone's own catalogue stays under 12; anything far deeper is a
    /// mistake or an attack, refused with a clear error before it is decoded.
    public static let maximumNesting = 64

    /// Runs `work` on a new thread with a ``stackBytes`` stack and waits for it. For start-up
    /// paths that are synchronous; blocks the calling thread for as long as `work` takes.
    public static func run<T>(_ work: () throws -> T) throws -> T {
        try withoutActuallyEscaping(work) { work in
            var outcome: Result<T, any Error>?
            try withoutActuallyEscaping({ outcome = Result { try work() } }) { body in
                let thread = try PosixThread.start(body, detached: false) { pthread_attr_setstacksize($0, DeepStack.stackBytes) }
                thread.join()
            }
            return try outcome!.get()
        }
    }

    /// Runs `work` on a new thread with a ``stackBytes`` stack without holding a concurrency
    /// worker while it runs.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            do {
                _ = try PosixThread.start({ continuation.resume(with: Result { try work() }) }, detached: true) {
                    pthread_attr_setstacksize($0, DeepStack.stackBytes)
                }
            }
            catch { continuation.resume(throwing: error) }
        }
    }

}
