import Foundation
import SwiftASN1
import X509

/// What a verifier needs from a CMS SignedData with one signer (RFC 5652 §5), whoever wrote it.
struct CMSSignerEvidence {
    enum SignerIdentifier {
        case issuerAndSerialNumber(issuer: DistinguishedName, serialNumber: ArraySlice<UInt8>)
        case subjectKeyIdentifier(ArraySlice<UInt8>)
    }

    var certificates: [Certificate]
    var signerIdentifier: SignerIdentifier
    var digestAlgorithm: ASN1ObjectIdentifier
    var signatureAlgorithm: ASN1ObjectIdentifier
    var signature: [UInt8]
    /// The signed attributes re-tagged as the `SET OF` that was signed; nil when the
    /// signature is over the content itself.
    var signedAttributes: [UInt8]?
    var contentType: ASN1ObjectIdentifier?
    var messageDigest: [UInt8]?
    var signingTime: Date?
    /// The first ESSCertIDv2 of signing-certificate-v2: the hash of the signer's certificate.
    var signingCertificateHash: (algorithm: ASN1ObjectIdentifier, hash: [UInt8])?
    /// An attached content means the signature is not over the PDF's byte range.
    var hasEncapsulatedContent: Bool

    /// The certificate the signer identifier names, among those carried.
    var signerCertificate: Certificate? {
        certificates.first { certificate in
            switch signerIdentifier {
            case .issuerAndSerialNumber(let issuer, let serialNumber):
                // swift-certificates keeps serials without the sign octet that DER puts before a high bit.
                return certificate.issuer == issuer && certificate.serialNumber.bytes.elementsEqual(serialNumber.drop { $0 == 0 })
            case .subjectKeyIdentifier(let identifier):
                return (try? certificate.extensions.subjectKeyIdentifier)?.keyIdentifier.elementsEqual(identifier) == true
            }
        }
    }
}

/// Reads the ContentInfo of a signature value. BER is accepted, as other tools still write
/// it; only the signed attributes must be DER, since their encoding is what was signed.
enum CMSSignedDataReader {
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// `contents` is a `/Contents` value: the encoding, then zero padding to the placeholder's size.
    static func read(_ contents: [UInt8]) throws -> CMSSignerEvidence {
        let root = try parseIgnoringPadding(contents)
        let contentInfo = try elements(of: root, "ContentInfo")
        guard contentInfo.count == 2, try ASN1ObjectIdentifier(berEncoded: contentInfo[0]) == CMSObjectIdentifiers.signedData else {
            throw Unreadable(description: "not a CMS SignedData")
        }
        guard let signedDataNode = try elements(of: contentInfo[1], "ContentInfo content").first else {
            throw Unreadable(description: "empty ContentInfo")
        }
        var signedData = try elements(of: signedDataNode, "SignedData")[...]
        guard signedData.count >= 4 else { throw Unreadable(description: "SignedData too short") }
        signedData.removeFirst()  // version
        signedData.removeFirst()  // digestAlgorithms; the signer's own one is what counts
        let encapsulated = try elements(of: signedData.removeFirst(), "EncapsulatedContentInfo")
        var certificates: [Certificate] = []
        while let next = signedData.first, next.identifier.tagClass == .contextSpecific {
            signedData.removeFirst()
            guard next.identifier.tagNumber == 0 else { continue }  // [1] revocation data: not used by B-B
            // Attribute certificates and other choices are not X.509 certificates; skipped.
            certificates = try elements(of: next, "certificates").compactMap { try? Certificate(derEncoded: $0) }
        }
        guard let signerInfos = signedData.first else { throw Unreadable(description: "no SignerInfos") }
        let signers = try elements(of: signerInfos, "SignerInfos")
        guard signers.count == 1 else {
            throw Unreadable(description: "\(signers.count) signers in one signature value; PAdES allows exactly one")
        }
        var evidence = try signerInfo(signers[0], certificates: certificates)
        evidence.hasEncapsulatedContent = encapsulated.count > 1
        return evidence
    }

    private static func signerInfo(_ node: ASN1Node, certificates: [Certificate]) throws -> CMSSignerEvidence {
        var fields = try elements(of: node, "SignerInfo")[...]
        guard fields.count >= 5 else { throw Unreadable(description: "SignerInfo too short") }
        fields.removeFirst()  // version
        let identifierNode = fields.removeFirst()
        let signerIdentifier: CMSSignerEvidence.SignerIdentifier
        if identifierNode.identifier == .sequence {
            let parts = try elements(of: identifierNode, "IssuerAndSerialNumber")
            guard parts.count == 2, case .primitive(let serial) = parts[1].content else {
                throw Unreadable(description: "bad IssuerAndSerialNumber")
            }
            signerIdentifier = .issuerAndSerialNumber(issuer: try DistinguishedName(derEncoded: parts[0]), serialNumber: serial)
        } else if case .primitive(let keyIdentifier) = identifierNode.content {
            signerIdentifier = .subjectKeyIdentifier(keyIdentifier)
        } else {
            throw Unreadable(description: "bad signer identifier")
        }
        let digestAlgorithm = try algorithm(fields.removeFirst())
        var evidence = CMSSignerEvidence(certificates: certificates, signerIdentifier: signerIdentifier,
                                         digestAlgorithm: digestAlgorithm, signatureAlgorithm: digestAlgorithm, signature: [],
                                         hasEncapsulatedContent: false)
        if let attributesNode = fields.first, attributesNode.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            fields.removeFirst()
            // What was signed is the DER of SET OF Attribute: the same bytes under SET's tag (RFC 5652 §5.4).
            evidence.signedAttributes = [0x31] + attributesNode.encodedBytes.dropFirst()
            try readAttributes(attributesNode, into: &evidence)
        }
        guard fields.count >= 2 else { throw Unreadable(description: "SignerInfo lacks its signature") }
        evidence.signatureAlgorithm = try algorithm(fields.removeFirst())
        evidence.signature = Array(try ASN1OctetString(berEncoded: fields.removeFirst()).bytes)
        return evidence
    }

    private static func readAttributes(_ node: ASN1Node, into evidence: inout CMSSignerEvidence) throws {
        for attribute in try elements(of: node, "signed attributes") {
            let parts = try elements(of: attribute, "Attribute")
            guard parts.count == 2, let value = try elements(of: parts[1], "attribute values").first else {
                throw Unreadable(description: "bad attribute")
            }
            switch try ASN1ObjectIdentifier(berEncoded: parts[0]) {
            case CMSObjectIdentifiers.contentType:
                evidence.contentType = try ASN1ObjectIdentifier(berEncoded: value)
            case CMSObjectIdentifiers.messageDigest:
                evidence.messageDigest = Array(try ASN1OctetString(berEncoded: value).bytes)
            case CMSObjectIdentifiers.signingTime:
                evidence.signingTime = try time(value)
            case CMSObjectIdentifiers.signingCertificateV2:
                evidence.signingCertificateHash = try firstCertificateHash(value)
            default:
                break
            }
        }
    }

    /// SigningCertificateV2 → certs → first ESSCertIDv2 → (hashAlgorithm DEFAULT sha256, certHash).
    private static func firstCertificateHash(_ node: ASN1Node) throws -> (algorithm: ASN1ObjectIdentifier, hash: [UInt8])? {
        guard let certs = try elements(of: node, "SigningCertificateV2").first,
              let first = try elements(of: certs, "ESSCertIDv2 list").first else { return nil }
        var parts = try elements(of: first, "ESSCertIDv2")[...]
        var hashAlgorithm = CMSObjectIdentifiers.sha256
        if let head = parts.first, head.identifier == .sequence {
            hashAlgorithm = try algorithm(parts.removeFirst())
        }
        guard let hash = parts.first else { return nil }
        return (hashAlgorithm, Array(try ASN1OctetString(berEncoded: hash).bytes))
    }

    private static func algorithm(_ node: ASN1Node) throws -> ASN1ObjectIdentifier {
        guard let identifier = try elements(of: node, "AlgorithmIdentifier").first else {
            throw Unreadable(description: "empty AlgorithmIdentifier")
        }
        return try ASN1ObjectIdentifier(berEncoded: identifier)
    }

    private static func time(_ node: ASN1Node) throws -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        if node.identifier == .utcTime {
            let time = try UTCTime(berEncoded: node)
            return calendar.date(from: DateComponents(year: time.year, month: time.month, day: time.day,
                                                      hour: time.hours, minute: time.minutes, second: time.seconds))
        }
        if node.identifier == .generalizedTime {
            let time = try GeneralizedTime(berEncoded: node)
            return calendar.date(from: DateComponents(year: time.year, month: time.month, day: time.day,
                                                      hour: time.hours, minute: time.minutes, second: time.seconds))
        }
        return nil
    }

    private static func elements(of node: ASN1Node, _ what: String) throws -> [ASN1Node] {
        guard case .constructed(let children) = node.content else { throw Unreadable(description: "\(what) is not constructed") }
        return Array(children)
    }

    /// Parses the one encoding at the start of `bytes`; SwiftASN1 refuses trailing bytes,
    /// and a `/Contents` value always has the placeholder's zeros after the signature.
    private static func parseIgnoringPadding(_ bytes: [UInt8]) throws -> ASN1Node {
        guard bytes.count >= 2, bytes[0] == 0x30 else {
            throw Unreadable(description: "the signature value is not a DER or BER SEQUENCE")
        }
        let lengthByte = bytes[1]
        if lengthByte & 0x80 == 0 {
            return try parse(bytes.prefix(2 + Int(lengthByte)))
        }
        let lengthOctets = Int(lengthByte & 0x7F)
        if lengthOctets == 0 {
            // Indefinite length (BER): the end-of-contents octets are zeros too, so cut the
            // zeros and give back as many as the nesting needs.
            var trimmed = bytes[...]
            while trimmed.last == 0 { trimmed.removeLast() }
            for restored in stride(from: 2, through: 32, by: 2) {
                if let node = try? BER.parse(Array(trimmed) + Array(repeating: 0, count: restored)) { return node }
            }
            throw Unreadable(description: "unterminated indefinite-length encoding")
        }
        guard lengthOctets <= 4, bytes.count >= 2 + lengthOctets else { throw Unreadable(description: "bad length") }
        let length = bytes[2..<2 + lengthOctets].reduce(0) { $0 << 8 | Int($1) }
        let total = 2 + lengthOctets + length
        guard total <= bytes.count else { throw Unreadable(description: "the signature value is truncated") }
        return try parse(bytes.prefix(total))
    }

    private static func parse(_ bytes: ArraySlice<UInt8>) throws -> ASN1Node {
        do {
            return try BER.parse(bytes)
        } catch {
            throw Unreadable(description: "bad ASN.1: \(error)")
        }
    }
}
