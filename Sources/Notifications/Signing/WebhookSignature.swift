import Crypto
import Foundation

/// Signing per the Standard Webhooks specification: the signed content is
/// `<webhook-id>.<webhook-timestamp>.<body>`, the MAC is HMAC-SHA256 with the secret's
/// base64-decoded bytes (after the `whsec_` prefix), and the header value is
/// `v1,<base64 MAC>` (several, space-separated, during a secret rotation).
public struct WebhookSignature: Sendable {
    public static let prefix = "whsec_"
    let key: SymmetricKey

    /// A secret as the specification writes it: `whsec_` and base64 of 24 random bytes.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
    }

    public init?(secret: String) {
        guard secret.hasPrefix(Self.prefix), let bytes = Data(base64Encoded: String(secret.dropFirst(Self.prefix.count))), !bytes.isEmpty
        else { return nil }
        key = SymmetricKey(data: bytes)
    }

    /// The `webhook-signature` header value for one message.
    public func sign(id: String, timestamp: Int64, body: some DataProtocol) -> String {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Data("\(id).\(timestamp).".utf8))
        mac.update(data: body)
        return "v1," + Data(mac.finalize()).base64EncodedString()
    }

    /// What a receiver does: true when one of the header's `v1` signatures matches, compared
    /// in constant time.
    public func verify(id: String, timestamp: Int64, body: some DataProtocol, header: String) -> Bool {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Data("\(id).\(timestamp).".utf8))
        mac.update(data: body)
        let expected = mac.finalize()
        return header.split(separator: " ").contains { candidate in
            guard candidate.hasPrefix("v1,"), let given = Data(base64Encoded: String(candidate.dropFirst(3))) else { return false }
            return expected == given
        }
    }
}
