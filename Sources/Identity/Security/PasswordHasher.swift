import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt password hashing, run on NIO's blocking thread pool: a hash costs tens of
/// milliseconds of CPU by design and must not stall the async executors serving requests.
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (log2 rounds). 12 in production; tests lower it to stay fast.
    public let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    /// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut.
    public static let maximumBytes = 72
    public static let minimumCharacters = 10

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A real hash of a random password, verified against when the account does not exist,
    /// so a wrong username costs as much time as a wrong password.
    func decoyHash() async throws -> String { try await hash(Secrets.random(prefix: "")) }
}
