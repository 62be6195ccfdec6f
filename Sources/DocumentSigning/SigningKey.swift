import Crypto
import _CryptoExtras
import X509

/// A private key held in memory, of one of the kinds ``DocumentSignatureAlgorithm`` covers.
///
/// swift-certificates' own private key type cannot hand back raw signature bytes, which the
/// CMS needs, so signing goes straight to swift-crypto.
enum SigningKey: Sendable {
    case p256(P256.Signing.PrivateKey)
    case rsa(_RSA.Signing.PrivateKey)

    /// Reads an unencrypted PEM key: SEC 1 (`EC PRIVATE KEY`), PKCS #1 (`RSA PRIVATE KEY`) or
    /// PKCS #8 (`PRIVATE KEY`) of either kind. RSA keys shorter than 2048 bits are refused.
    init(pem: String) throws {
        if pem.contains("ENCRYPTED") {
            throw DocumentSigningError.unsupportedPrivateKey("the key is encrypted; store it unencrypted with restricted file permissions, or use a signing service")
        }
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            self = .p256(key)
        } else if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            self = .rsa(key)
        } else {
            throw DocumentSigningError.unsupportedPrivateKey("not an ECDSA P-256 key nor an RSA key of 2048 bits or more, in PEM")
        }
    }

    var algorithm: DocumentSignatureAlgorithm {
        switch self {
        case .p256: .ecdsaP256SHA256
        case .rsa: .rsaPKCS1SHA256
        }
    }

    var publicKey: Certificate.PublicKey {
        switch self {
        case .p256(let key): Certificate.PublicKey(key.publicKey)
        case .rsa(let key): Certificate.PublicKey(key.publicKey)
        }
    }

    /// swift-certificates' view of the same key, for issuing certificates with it.
    var certificatePrivateKey: Certificate.PrivateKey {
        switch self {
        case .p256(let key): Certificate.PrivateKey(key)
        case .rsa(let key): Certificate.PrivateKey(key)
        }
    }

    var pemRepresentation: String {
        switch self {
        case .p256(let key): key.pemRepresentation
        case .rsa(let key): key.pemRepresentation
        }
    }

    /// SHA-256 then ECDSA (DER signature) or PKCS #1 v1.5 (raw signature).
    func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        switch self {
        case .p256(let key):
            return Array(try key.signature(for: bytes).derRepresentation)
        case .rsa(let key):
            // "insecure" is swift-crypto's label for v1.5 padding, which PAdES validators
            // (and sha256WithRSAEncryption itself) require; it is not weak for signatures.
            return Array(try key.signature(for: bytes, padding: .insecurePKCS1v1_5).rawRepresentation)
        }
    }
}
