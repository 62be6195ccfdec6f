import Foundation
import SwiftASN1
import X509

/// The verdict on one signature of a PDF.
public enum PDFSignatureStatus: String, Sendable, Hashable, Codable {
    /// Intact, signed by the certificate it carries, which chains to a trust anchor and was
    /// valid at the signing time.
    case valid
    /// The signed bytes changed, the signature does not match its certificate's key, or the
    /// byte range leaves out more than the signature value.
    case invalid
    /// Intact and correctly signed, but the certificate does not chain to any trust anchor.
    case untrusted
    /// Intact, correctly signed and chained, but a certificate was not valid at the signing time.
    case expired
    /// Not a signature this verifier can read (malformed, unsupported algorithm, timestamp).
    case unreadable
}

/// A certificate's subject or issuer, as shown to a person.
public struct CertificateName: Sendable, Hashable, Codable {
    public var commonName: String?
    public var organisation: String?
    /// The whole distinguished name, RFC 4514 style.
    public var distinguishedName: String

    init(_ name: DistinguishedName) {
        // The most specific (last) value of a type, as certificate viewers show it.
        func value(of type: ASN1ObjectIdentifier) -> String? {
            name.flatMap { $0 }.last { $0.type == type }.flatMap { String($0.value) }
        }
        commonName = value(of: ASN1ObjectIdentifier.RDNAttributeType.commonName)
        organisation = value(of: ASN1ObjectIdentifier.RDNAttributeType.organizationName)
        distinguishedName = String(describing: name)
    }
}

/// One signature of a verified PDF.
public struct PDFSignatureVerification: Sendable, Hashable {
    public var status: PDFSignatureStatus
    /// Why the status is what it is, in English, for logs and operators.
    public var detail: String
    public var signer: CertificateName?
    public var issuer: CertificateName?
    /// The time the signature was checked at: `/M`, else the CMS signing-time, else the
    /// verification time (see ``signingTimeSource``).
    public var signingTime: Date?
    public var signingTimeSource: SigningTimeSource?
    /// `/ByteRange` as written.
    public var byteRange: [Int]
    /// Whether the signed bytes are the whole file but the signature value. A valid
    /// signature that does not cover the whole file signed an earlier revision: whatever
    /// was appended after it (another signature, or a change) is not covered by it.
    public var coversWholeDocument: Bool
    /// `/SubFilter`, e.g. `ETSI.CAdES.detached` (PAdES) or `adbe.pkcs7.detached`.
    public var subFilter: String?
    public var reason: String?
    public var location: String?

    public enum SigningTimeSource: String, Sendable, Hashable, Codable {
        case signatureDictionary, cmsSigningTimeAttribute, verificationTime
    }
}

/// All signatures of a PDF, in file order.
public struct PDFSignatureReport: Sendable, Hashable {
    public var signatures: [PDFSignatureVerification]

    /// True when the file is signed, every signature is valid, and the last one covers the
    /// whole file: nothing was added since the last signing.
    public var isSignedAndUnchanged: Bool {
        guard let last = signatures.last else { return false }
        return last.coversWholeDocument && signatures.allSatisfy { $0.status == .valid }
    }
}
