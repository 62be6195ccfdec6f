import Crypto
import SwiftASN1
import X509

/// The digest algorithms a CMS signer may have used, and the signature algorithm each
/// signature-algorithm identifier stands for once the digest is known.
enum SignatureDigest {
    case sha256, sha384, sha512

    init?(_ identifier: ASN1ObjectIdentifier) {
        switch identifier {
        case CMSObjectIdentifiers.sha256: self = .sha256
        case CMSObjectIdentifiers.sha384: self = .sha384
        case CMSObjectIdentifiers.sha512: self = .sha512
        default: return nil
        }
    }

    func hash(_ parts: [ArraySlice<UInt8>]) -> [UInt8] {
        func run<H: HashFunction>(_ hasher: inout H) -> [UInt8] {
            for part in parts { hasher.update(data: part) }
            return Array(hasher.finalize())
        }
        switch self {
        case .sha256: var hasher = SHA256(); return run(&hasher)
        case .sha384: var hasher = SHA384(); return run(&hasher)
        case .sha512: var hasher = SHA512(); return run(&hasher)
        }
    }

    /// The signature algorithm of a SignerInfo; the bare key identifiers (rsaEncryption,
    /// id-ecPublicKey), which many tools write, take their hash from this digest.
    func signatureAlgorithm(_ identifier: ASN1ObjectIdentifier) -> Certificate.SignatureAlgorithm? {
        switch identifier {
        case CMSObjectIdentifiers.ecdsaWithSHA256: .ecdsaWithSHA256
        case CMSObjectIdentifiers.ecdsaWithSHA384: .ecdsaWithSHA384
        case CMSObjectIdentifiers.ecdsaWithSHA512: .ecdsaWithSHA512
        case CMSObjectIdentifiers.sha256WithRSAEncryption: .sha256WithRSAEncryption
        case CMSObjectIdentifiers.sha384WithRSAEncryption: .sha384WithRSAEncryption
        case CMSObjectIdentifiers.sha512WithRSAEncryption: .sha512WithRSAEncryption
        case CMSObjectIdentifiers.rsaEncryption:
            switch self {
            case .sha256: .sha256WithRSAEncryption
            case .sha384: .sha384WithRSAEncryption
            case .sha512: .sha512WithRSAEncryption
            }
        case CMSObjectIdentifiers.ecPublicKey:
            switch self {
            case .sha256: .ecdsaWithSHA256
            case .sha384: .ecdsaWithSHA384
            case .sha512: .ecdsaWithSHA512
            }
        default: nil
        }
    }
}
