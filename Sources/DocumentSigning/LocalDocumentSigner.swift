import Foundation
import X509

/// A ``DocumentSigner`` whose key is in this process, read from PEM files.
///
/// Configuration is two files: the private key (ECDSA P-256 or RSA ≥ 2048, unencrypted
/// PEM: SEC 1, PKCS #1 or PKCS #8) and the certificate chain (PEM certificates, the signing
/// certificate first, then its intermediates; the root may follow).
public struct LocalDocumentSigner: DocumentSigner {
    public let certificateChain: [Certificate]
    private let key: SigningKey

    public var signatureAlgorithm: DocumentSignatureAlgorithm { key.algorithm }

    public init(privateKeyPEM: String, certificateChainPEM: String) throws {
        let key = try SigningKey(pem: privateKeyPEM)
        let chain = try CertificateFiles.certificates(pem: certificateChainPEM)
        guard let leaf = chain.first else {
            throw DocumentSigningError.unreadableCertificateChain("no certificate in the chain file")
        }
        // A mismatched pair would produce signatures that no verifier accepts; better to
        // fail at start-up than at the first certificate issued.
        guard leaf.publicKey == key.publicKey else { throw DocumentSigningError.keyDoesNotMatchCertificate }
        self.key = key
        self.certificateChain = chain
    }

    public init(privateKeyFile: URL, certificateChainFile: URL) throws {
        try self.init(privateKeyPEM: try String(contentsOf: privateKeyFile, encoding: .utf8),
                      certificateChainPEM: try String(contentsOf: certificateChainFile, encoding: .utf8))
    }

    public func sign(signedAttributes: [UInt8]) async throws -> [UInt8] {
        try key.sign(signedAttributes)
    }
}
