import Foundation
import HummingbirdBcrypt
import NIOPosix
import Storage

/// bcrypt password hashing, off the async executors: a hash costs tens of milliseconds of
/// CPU by design and must not stall the threads serving requests.
///
/// Hashing runs on a thread pool of its own, one thread per core, and a permit per thread
/// bounds the hashes in progress: a flood of logins waits its turn in memory, and never
/// takes the shared blocking pool on which SQLite does its I/O (a login that waited for a
/// hash behind SQLite work, while that work waited for the login's transaction, would
/// never finish).
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (log2 rounds). 12 in production; tests lower it to stay fast.
    public let cost: UInt8
    private let permits: AsyncSemaphore
    /// Started once and never stopped, like NIO's own singleton pool.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, ProcessInfo.processInfo.activeProcessorCount))
        pool.start()
        return pool
    }()

    public init(cost: UInt8 = 12, concurrentHashes: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.cost = cost
        self.permits = AsyncSemaphore(count: max(1, concurrentHashes))
    }

    private func withPermit<R: Sendable>(_ work: @escaping @Sendable () -> R) async throws -> R {
        await permits.wait()
        defer { permits.signal() }
        return try await Self.pool.runIfActive(work)
    }

    /// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut.
    public static let maximumBytes = 72
    public static let minimumCharacters = 10

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await withPermit { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await withPermit { Bcrypt.verify(password, hash: hash) }
    }

    /// A real hash of a random password, verified against when the account does not exist,
    /// so a wrong username costs as much time as a wrong password.
    func decoyHash() async throws -> String { try await hash(Secrets.random(prefix: "")) }
}
