import Crypto
import _CryptoExtras
import Foundation
import X509

/// A throw-away certificate authority and signing certificate, so a server started without
/// signing configuration still issues signed PDFs (which verify as untrusted anywhere the
/// development CA is not installed).
///
/// The CA's private key is never written: it signs the one signing certificate and is
/// forgotten, so the files on disk cannot mint further certificates.
public struct DevelopmentSigningIdentity: Sendable {
    public let authorityCertificate: Certificate
    public let signingCertificate: Certificate
    let signingKey: SigningKey

    /// Who the development certificates name; defaults to the Hai Phong authority.
    public struct Names: Sendable {
        public var signerCommonName: String
        public var authorityCommonName: String
        public var organisation: String
        public var country: String

        public init(signerCommonName: String = "Hai Phong Economic Zone Authority (development)",
                    authorityCommonName: String = "Hai Phong Economic Zone Authority Development CA",
                    organisation: String = "Hai Phong Economic Zone Authority",
                    country: String = "VN") {
            self.signerCommonName = signerCommonName
            self.authorityCommonName = authorityCommonName
            self.organisation = organisation
            self.country = country
        }
    }

    /// Generates a CA (ECDSA P-256, valid ten years from `issuedAt`) and a signing
    /// certificate under it (valid `signingValidityYears` from `issuedAt`, key usage
    /// digitalSignature and nonRepudiation) whose key uses `signingAlgorithm`.
    public static func generate(issuedAt: Date,
                                names: Names = Names(),
                                signingAlgorithm: DocumentSignatureAlgorithm = .ecdsaP256SHA256,
                                signingValidityYears: Int = 2) throws -> DevelopmentSigningIdentity {
        // A minute of backdating absorbs clock skew between this host and whoever verifies.
        let notBefore = issuedAt.addingTimeInterval(-60)
        let authorityKey = P256.Signing.PrivateKey()
        let authorityPublicKey = Certificate.PublicKey(authorityKey.publicKey)
        let authorityName = try DistinguishedName {
            CountryName(names.country)
            OrganizationName(names.organisation)
            CommonName(names.authorityCommonName)
        }
        let authorityKeyIdentifier = SubjectKeyIdentifier(hash: authorityPublicKey)
        let authority = try Certificate(
            version: .v3, serialNumber: conformingSerialNumber(), publicKey: authorityPublicKey,
            notValidBefore: notBefore, notValidAfter: years(10, after: issuedAt),
            issuer: authorityName, subject: authorityName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                authorityKeyIdentifier
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))

        let signingKey: SigningKey
        switch signingAlgorithm {
        case .ecdsaP256SHA256: signingKey = .p256(P256.Signing.PrivateKey())
        case .rsaPKCS1SHA256: signingKey = .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        }
        let signer = try Certificate(
            version: .v3, serialNumber: conformingSerialNumber(), publicKey: signingKey.publicKey,
            notValidBefore: notBefore, notValidAfter: years(signingValidityYears, after: issuedAt),
            issuer: authorityName,
            subject: try DistinguishedName {
                CountryName(names.country)
                OrganizationName(names.organisation)
                CommonName(names.signerCommonName)
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
                SubjectKeyIdentifier(hash: signingKey.publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyIdentifier.keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))
        return DevelopmentSigningIdentity(authorityCertificate: authority, signingCertificate: signer, signingKey: signingKey)
    }

    /// A signer with this identity's key, embedding the signing certificate and the CA.
    public func signer() throws -> LocalDocumentSigner {
        try LocalDocumentSigner(privateKeyPEM: signingKey.pemRepresentation,
                                certificateChainPEM: try CertificateFiles.pem([signingCertificate, authorityCertificate]))
    }

    /// Writes the signing key (owner-only permissions), the chain and the CA certificate as
    /// PEM into `directory`, the CA under `trust-anchors/` beside any earlier ones.
    public func write(to directory: URL) throws -> SigningConfigurationFiles {
        let files = SigningConfigurationFiles(directory: directory)
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: files.trustAnchorsDirectory, withIntermediateDirectories: true)
        // Created empty with 0600 before the key is written, so it is never readable by others.
        _ = fileManager.createFile(atPath: files.privateKey.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: files.privateKey.path)
        try Data(signingKey.pemRepresentation.utf8).write(to: files.privateKey)
        try Data(try CertificateFiles.pem([signingCertificate, authorityCertificate]).utf8).write(to: files.certificateChain, options: .atomic)
        // Earlier development CAs stay in the folder: documents they signed keep verifying.
        let serial = authorityCertificate.serialNumber.bytes.prefix(8).map { String(format: "%02x", $0) }.joined()
        let anchor = files.trustAnchorsDirectory.appendingPathComponent("development-ca-\(serial).pem")
        try Data(try CertificateFiles.pem([authorityCertificate]).utf8).write(to: anchor, options: .atomic)
        return files
    }

    /// 159 random bits, positive. swift-certificates' own random serial fills 20 bytes, so
    /// half of them encode in 21 octets with the sign byte, beyond RFC 5280 §4.1.2.2's limit,
    /// and NSS (behind pdfsig and Firefox) then cannot find the signer's certificate.
    private static func conformingSerialNumber() -> Certificate.SerialNumber {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[0] = bytes[0] & 0x7F | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }

    private static func years(_ count: Int, after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .year, value: count, to: date)!
    }
}

/// Where a signing configuration lives in a directory, as ``DevelopmentSigningIdentity``
/// writes it and as the server can read it back.
public struct SigningConfigurationFiles: Sendable, Equatable {
    public let directory: URL
    /// `signing-key.pem`: the signing certificate's private key.
    public var privateKey: URL { directory.appendingPathComponent("signing-key.pem") }
    /// `signing-chain.pem`: the signing certificate, then the CA.
    public var certificateChain: URL { directory.appendingPathComponent("signing-chain.pem") }
    /// `trust-anchors/`: the CA certificates uploaded signatures are checked against.
    public var trustAnchorsDirectory: URL { directory.appendingPathComponent("trust-anchors", isDirectory: true) }

    public init(directory: URL) { self.directory = directory }
}

public enum DevelopmentCertificateAuthority {
    /// The development signer in `directory`, generated there first if missing or no longer
    /// valid at `now`. The caller logs a warning when `generated` is true: such signatures
    /// are trusted by nobody but this server.
    public static func prepare(in directory: URL, now: Date,
                               names: DevelopmentSigningIdentity.Names = .init()) throws
        -> (files: SigningConfigurationFiles, signer: LocalDocumentSigner, generated: Bool) {
        let files = SigningConfigurationFiles(directory: directory)
        if let existing = try? LocalDocumentSigner(privateKeyFile: files.privateKey, certificateChainFile: files.certificateChain),
           let leaf = existing.certificateChain.first,
           // Renewed a month early so a signature made now is still valid for a while.
           leaf.notValidBefore <= now, now.addingTimeInterval(30 * 86_400) < leaf.notValidAfter {
            return (files, existing, false)
        }
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now, names: names)
        let written = try identity.write(to: directory)
        return (written, try identity.signer(), true)
    }
}
