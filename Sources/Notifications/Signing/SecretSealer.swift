import Crypto
import Foundation
import Logging
import Storage

/// Keeps webhook signing secrets encrypted at rest (AES-256-GCM). HMAC needs the secret
/// itself, so it cannot be stored as a digest like passwords and tokens; a copy of the
/// database without the sealing key yields no secret. Stored as `sealed:v1:<base64(nonce ‖
/// ciphertext ‖ tag)>`; the endpoint id is bound in as associated data, so a sealed secret
/// copied onto another endpoint does not open.
public struct SecretSealer: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case malformedKey
        case cannotOpen
        public var description: String {
            switch self {
            case .malformedKey: "webhook secret key: expected base64 of 32 bytes"
            case .cannotOpen: "a webhook secret does not open with the configured key (was FTZ_WEBHOOK_SECRET_KEY changed?)"
            }
        }
    }

    static let prefix = "sealed:v1:"
    let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// A sealer with a fresh random key: for tests and benchmarks (nothing sealed outlives it).
    public static func random() -> SecretSealer { SecretSealer(key: SymmetricKey(size: .bits256)) }

    /// A key written as base64 of 32 random bytes.
    public init(base64 text: String) throws {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw Failure.malformedKey
        }
        key = SymmetricKey(data: bytes)
    }

    public func seal(_ secret: String, for endpoint: UUID) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: Data(endpoint.uuidString.lowercased().utf8))
        guard let combined = box.combined else { throw Failure.cannotOpen }
        return Self.prefix + combined.base64EncodedString()
    }

    public func open(_ stored: String, for endpoint: UUID) throws -> String {
        guard stored.hasPrefix(Self.prefix), let combined = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: key, authenticating: Data(endpoint.uuidString.lowercased().utf8))
        else { throw Failure.cannotOpen }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The configured key: `inline` (an environment variable) wins, then `file`; with neither,
    /// a development key is generated once into `developmentFile`, loudly.
    public static func load(inline: String?, file: String?, developmentFile: String, logger: Logger) throws -> SecretSealer {
        let bytes = try KeyFile.load32(inline: inline, file: file, developmentFile: developmentFile, setting: "FTZ_WEBHOOK_SECRET_KEY",
                                       purpose: "webhook secret key", logger: logger)
        return SecretSealer(key: SymmetricKey(data: bytes))
    }
}
