import Crypto
import FTZCore
import Foundation

/// Random secrets (bearer tokens, client secrets) and their stored digests.
///
/// Secrets carry 256 random bits; a fast SHA-256 digest is the right store for them
/// (unlike passwords, they cannot be guessed, so slow hashing buys nothing).
enum Secrets {
    static func random(prefix: String, bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64url(bytes)
    }

    static func digest(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares digests in time independent of where they differ.
    static func constantTimeEquals(_ lhs: Data, _ rhs: Data) -> Bool {
        ConstantTime.equals(lhs, rhs)
    }
}
