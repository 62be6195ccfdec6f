import Foundation

/// Why a document could not be signed, or signing could not be set up.
public enum DocumentSigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The private key file is not a key this module can sign with.
    case unsupportedPrivateKey(String)
    /// The certificate chain file holds no certificate, or one that does not parse.
    case unreadableCertificateChain(String)
    /// The private key is not the key of the first certificate of the chain.
    case keyDoesNotMatchCertificate
    /// The signing certificate is not valid at the time of signing; the signature would be
    /// reported as expired by every verifier.
    case signingCertificateNotValid(at: Date, notBefore: Date, notAfter: Date)
    /// The PDF does not hold exactly one signature placeholder as ``PDFSignaturePlaceholder`` describes.
    case placeholderNotFound(String)
    /// The CMS signature does not fit in the `/Contents` placeholder.
    case contentsPlaceholderTooSmall(needed: Int, available: Int)
    /// The byte range numbers do not fit in the `/ByteRange` placeholder.
    case byteRangePlaceholderTooSmall
    /// The signer returned something that is not a signature of the announced algorithm.
    case signerFailed(String)

    public var description: String {
        switch self {
        case .unsupportedPrivateKey(let why): "unsupported private key: \(why)"
        case .unreadableCertificateChain(let why): "unreadable certificate chain: \(why)"
        case .keyDoesNotMatchCertificate: "the private key does not belong to the signing certificate (the first of the chain)"
        case .signingCertificateNotValid(let at, let notBefore, let notAfter):
            "the signing certificate is valid from \(notBefore) to \(notAfter), not at \(at)"
        case .placeholderNotFound(let why): "no signature placeholder: \(why)"
        case .contentsPlaceholderTooSmall(let needed, let available):
            "the signature needs \(needed) bytes but the /Contents placeholder holds \(available)"
        case .byteRangePlaceholderTooSmall: "the /ByteRange placeholder is too narrow for the file's offsets"
        case .signerFailed(let why): "the signer failed: \(why)"
        }
    }
}
