import Crypto
import SwiftASN1
import X509

/// Writes the detached CMS SignedData of a PAdES baseline B-B signature (ETSI EN 319 142-1
/// §6.3, CAdES per EN 319 122-1).
///
/// swift-certificates keeps its CMS types internal and its SPI cannot add the
/// signing-certificate-v2 attribute, so the structure is serialised here with SwiftASN1.
enum CMSSignedDataWriter {
    /// The DER `SET OF Attribute` the signer signs: content-type (id-data), message-digest
    /// (SHA-256 of the byte range) and signing-certificate-v2. PAdES forbids the CMS
    /// signing-time attribute: the time is the signature dictionary's `/M`.
    static func signedAttributes(messageDigest: [UInt8], signingCertificate: Certificate) throws -> [UInt8] {
        let attributes = [
            try attribute(CMSObjectIdentifiers.contentType) { try $0.serialize(CMSObjectIdentifiers.data) },
            try attribute(CMSObjectIdentifiers.messageDigest) { try $0.serialize(ASN1OctetString(contentBytes: messageDigest[...])) },
            try attribute(CMSObjectIdentifiers.signingCertificateV2) { try signingCertificateV2(of: signingCertificate, into: &$0) },
        ]
        var serializer = DER.Serializer()
        // serializeSetOf sorts the encodings, as DER requires of a SET OF.
        try serializer.serializeSetOf(attributes.map(EncodedDER.init))
        return serializer.serializedBytes
    }

    /// The DER ContentInfo wrapping the SignedData: version 1, SHA-256, detached id-data,
    /// the certificate chain, and one SignerInfo identified by issuer and serial number.
    static func contentInfo(signedAttributes: [UInt8], signature: [UInt8],
                            algorithm: DocumentSignatureAlgorithm, certificates: [Certificate]) throws -> [UInt8] {
        guard let signer = certificates.first else {
            throw DocumentSigningError.unreadableCertificateChain("no signing certificate")
        }
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { contentInfo in
            try contentInfo.serialize(CMSObjectIdentifiers.signedData)
            try contentInfo.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { explicit in
                try explicit.appendConstructedNode(identifier: .sequence) { signedData in
                    try signedData.serialize(1)
                    try signedData.appendConstructedNode(identifier: .set) { try digestAlgorithm(into: &$0) }
                    // Detached: the content is the PDF's byte range, so eContent is absent.
                    try signedData.appendConstructedNode(identifier: .sequence) { try $0.serialize(CMSObjectIdentifiers.data) }
                    try signedData.serializeSetOf(certificates.map { EncodedDER(bytes: try CertificateFiles.der($0)) },
                                                  identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific))
                    try signedData.appendConstructedNode(identifier: .set) { signerInfos in
                        try signerInfos.appendConstructedNode(identifier: .sequence) { signerInfo in
                            try signerInfo.serialize(1)
                            try issuerAndSerialNumber(of: signer, into: &signerInfo)
                            try digestAlgorithm(into: &signerInfo)
                            // [0] IMPLICIT SET OF: the signed bytes with the context tag in place of SET's.
                            signerInfo.serializeRawBytes([0xA0] + signedAttributes.dropFirst())
                            try signatureAlgorithm(algorithm, into: &signerInfo)
                            try signerInfo.serialize(ASN1OctetString(contentBytes: signature[...]))
                        }
                    }
                }
            }
        }
        return serializer.serializedBytes
    }

    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one
    /// ESSCertIDv2 { certHash, issuerSerial }; hashAlgorithm is left out because SHA-256 is
    /// its DEFAULT, which DER must not encode (RFC 5035 §5.4.1.1).
    private static func signingCertificateV2(of certificate: Certificate, into serializer: inout DER.Serializer) throws {
        let certificateHash = Array(SHA256.hash(data: try CertificateFiles.der(certificate)))
        try serializer.appendConstructedNode(identifier: .sequence) { signingCertificate in
            try signingCertificate.appendConstructedNode(identifier: .sequence) { certs in
                try certs.appendConstructedNode(identifier: .sequence) { essCertID in
                    try essCertID.serialize(ASN1OctetString(contentBytes: certificateHash[...]))
                    try essCertID.appendConstructedNode(identifier: .sequence) { issuerSerial in
                        // GeneralNames holding one directoryName [4] (explicit, as Name is a CHOICE).
                        try issuerSerial.appendConstructedNode(identifier: .sequence) { generalNames in
                            try generalNames.serialize(certificate.issuer, explicitlyTaggedWithTagNumber: 4, tagClass: .contextSpecific)
                        }
                        try issuerSerial.serialize(certificate.serialNumber.bytes)
                    }
                }
            }
        }
    }

    private static func attribute(_ type: ASN1ObjectIdentifier, value: (inout DER.Serializer) throws -> Void) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { attribute in
            try attribute.serialize(type)
            try attribute.appendConstructedNode(identifier: .set, value)
        }
        return serializer.serializedBytes
    }

    private static func issuerAndSerialNumber(of certificate: Certificate, into serializer: inout DER.Serializer) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { sequence in
            try sequence.serialize(certificate.issuer)
            // swift-certificates keeps the magnitude; serialising it as an unsigned INTEGER restores
            // the leading zero octet a serial with its top bit set needs.
            try sequence.serialize(certificate.serialNumber.bytes)
        }
    }

    /// SHA-256 with absent parameters, as RFC 5754 §2 asks of writers.
    private static func digestAlgorithm(into serializer: inout DER.Serializer) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { try $0.serialize(CMSObjectIdentifiers.sha256) }
    }

    /// ECDSA identifiers have no parameters (RFC 5758 §3.2); RSA ones have NULL (RFC 4055 §5).
    private static func signatureAlgorithm(_ algorithm: DocumentSignatureAlgorithm, into serializer: inout DER.Serializer) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { identifier in
            switch algorithm {
            case .ecdsaP256SHA256:
                try identifier.serialize(CMSObjectIdentifiers.ecdsaWithSHA256)
            case .rsaPKCS1SHA256:
                try identifier.serialize(CMSObjectIdentifiers.sha256WithRSAEncryption)
                try identifier.serialize(ASN1Null())
            }
        }
    }
}

/// Bytes already in DER, placed as they are (so a SET OF can sort them).
struct EncodedDER: DERSerializable {
    let bytes: [UInt8]

    func serialize(into coder: inout DER.Serializer) throws {
        coder.serializeRawBytes(bytes)
    }
}
