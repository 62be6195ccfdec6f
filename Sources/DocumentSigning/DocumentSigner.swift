import X509

/// The port behind which the authority's signing key sits.
///
/// Signing asks the key for one thing only: a signature over the DER encoding of the CMS
/// signed attributes (RFC 5652 §5.4). Those attributes already carry the SHA-256 of the
/// PDF's byte range and the hash of the signing certificate, so a hardware module or a
/// remote signing service never needs the document itself, and can replace the local
/// key (``LocalDocumentSigner``) without any change to how PDFs are signed.
public protocol DocumentSigner: Sendable {
    /// The signing certificate first, then the intermediates towards the root (the root
    /// itself may be included). All of them are embedded in the signature so verifiers can
    /// build the chain.
    var certificateChain: [Certificate] { get }

    /// The algorithm ``sign(signedAttributes:)`` uses; it must fit the signing certificate's key.
    var signatureAlgorithm: DocumentSignatureAlgorithm { get }

    /// Signs `signedAttributes` (the DER of a SET OF Attribute) with the key of the signing
    /// certificate, hashing them with SHA-256 first.
    ///
    /// - Returns: for ECDSA the DER `Ecdsa-Sig-Value` (SEQUENCE of r and s); for RSA the
    ///   PKCS #1 v1.5 signature, as long as the modulus.
    func sign(signedAttributes: [UInt8]) async throws -> [UInt8]
}

/// The signature algorithms written into PAdES signatures: the two that every PAdES
/// validator accepts and that keys in hardware modules commonly offer.
public enum DocumentSignatureAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA on NIST P-256 with SHA-256 (`ecdsa-with-SHA256`).
    case ecdsaP256SHA256
    /// RSA (2048 bits or more) PKCS #1 v1.5 with SHA-256 (`sha256WithRSAEncryption`).
    case rsaPKCS1SHA256

    /// The same algorithm as swift-certificates names it, to check signatures with its public keys.
    var certificateSignatureAlgorithm: Certificate.SignatureAlgorithm {
        switch self {
        case .ecdsaP256SHA256: .ecdsaWithSHA256
        case .rsaPKCS1SHA256: .sha256WithRSAEncryption
        }
    }
}
