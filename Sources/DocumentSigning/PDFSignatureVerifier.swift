import Foundation
import SwiftASN1
// Both SPIs exist to check a chain at a time other than now: the signing time, and no time at all.
@_spi(FixedExpiryValidationTime) @_spi(DisableValidityCheck) import X509

/// Checks the signatures of an uploaded PDF: that the byte range covers the file but the
/// signature value, that the CMS digest matches those bytes, that the signer's key signed
/// the attributes, and that the signer's certificate chains to a trust anchor (RFC 5280)
/// and was valid at the signing time.
///
/// Revocation is not checked: PAdES B-B signatures carry no revocation data.
public struct PDFSignatureVerifier: Sendable {
    public let trustAnchors: TrustAnchors

    public init(trustAnchors: TrustAnchors) {
        self.trustAnchors = trustAnchors
    }

    /// - Parameter now: the signing time assumed when neither `/M` nor the CMS says one.
    public func verify(pdf: [UInt8], now: Date) async -> PDFSignatureReport {
        var signatures: [PDFSignatureVerification] = []
        for finding in PDFSignatureScanner.scan(pdf) {
            switch finding {
            case .signature(let dictionary):
                signatures.append(await verify(dictionary, in: pdf, now: now))
            case .unreadable(let offset, let reason):
                signatures.append(PDFSignatureVerification(status: .unreadable, detail: "at byte \(offset): \(reason)",
                                                           byteRange: [], coversWholeDocument: false))
            }
        }
        return PDFSignatureReport(signatures: signatures)
    }

    private func verify(_ dictionary: PDFSignatureDictionary, in pdf: [UInt8], now: Date) async -> PDFSignatureVerification {
        var result = PDFSignatureVerification(status: .unreadable, detail: "", byteRange: dictionary.byteRange,
                                              coversWholeDocument: false, subFilter: dictionary.subFilter,
                                              reason: dictionary.reason, location: dictionary.location)
        func verdict(_ status: PDFSignatureStatus, _ detail: String) -> PDFSignatureVerification {
            result.status = status
            result.detail = detail
            return result
        }

        let range = dictionary.byteRange
        // Exactly two pieces, around exactly the hex string: anything else leaves bytes that
        // a viewer shows but the signature does not cover.
        guard range.count == 4, range.allSatisfy({ $0 >= 0 }), range[0] == 0,
              range[1] == dictionary.contentsSpan.lowerBound, range[2] == dictionary.contentsSpan.upperBound,
              range[3] <= pdf.count - range[2] else {  // not range[2] + range[3]: a hostile value could overflow
            return verdict(.invalid, "the byte range \(range) does not cover the file around the signature value \(dictionary.contentsSpan)")
        }
        result.coversWholeDocument = range[3] == pdf.count - range[2]
        if dictionary.subFilter == "ETSI.RFC3161" {
            return verdict(.unreadable, "a document timestamp, not a signature; timestamps are not checked")
        }

        let evidence: CMSSignerEvidence
        do {
            evidence = try CMSSignedDataReader.read(dictionary.contents)
        } catch {
            return verdict(.unreadable, "the signature value is not a readable CMS SignedData: \(error)")
        }
        guard let signingCertificate = evidence.signerCertificate else {
            return verdict(.unreadable, "the signer's certificate is not carried in the signature")
        }
        result.signer = CertificateName(signingCertificate.subject)
        result.issuer = CertificateName(signingCertificate.issuer)
        if let text = dictionary.signingTimeText, let time = PDFDate.date(from: text) {
            (result.signingTime, result.signingTimeSource) = (time, .signatureDictionary)
        } else if let time = evidence.signingTime {
            (result.signingTime, result.signingTimeSource) = (time, .cmsSigningTimeAttribute)
        } else {
            (result.signingTime, result.signingTimeSource) = (now, .verificationTime)
        }

        guard let digest = SignatureDigest(evidence.digestAlgorithm),
              let signatureAlgorithm = digest.signatureAlgorithm(evidence.signatureAlgorithm) else {
            return verdict(.unreadable, "unsupported algorithms: digest \(evidence.digestAlgorithm), signature \(evidence.signatureAlgorithm)")
        }
        if evidence.hasEncapsulatedContent {
            return verdict(.invalid, "the signature signs content of its own, not the document's byte range")
        }
        let signedParts = [pdf[0..<range[1]], pdf[range[2]..<range[2] + range[3]]]
        let documentDigest = digest.hash(signedParts)
        if let signedAttributes = evidence.signedAttributes {
            guard evidence.messageDigest == documentDigest else {
                return verdict(.invalid, "the document was changed after signing: its digest differs from the signed one")
            }
            if let contentType = evidence.contentType, contentType != CMSObjectIdentifiers.data {
                return verdict(.invalid, "the signed content type is \(contentType), not id-data")
            }
            guard signingCertificate.publicKey.isValidSignature(evidence.signature, for: signedAttributes,
                                                                signatureAlgorithm: signatureAlgorithm) else {
                return verdict(.invalid, "the signature does not match the signer's certificate")
            }
            if let claimed = evidence.signingCertificateHash {
                // signing-certificate-v2 binds the signature to one certificate, so another
                // certificate with the same key cannot be substituted.
                guard let hashDigest = SignatureDigest(claimed.algorithm),
                      let certificateDER = try? CertificateFiles.der(signingCertificate),
                      hashDigest.hash([certificateDER[...]]) == claimed.hash else {
                    return verdict(.invalid, "the signed signing-certificate-v2 attribute names a different certificate")
                }
            }
        } else {
            guard signingCertificate.publicKey.isValidSignature(evidence.signature, for: Array(signedParts.joined()),
                                                                signatureAlgorithm: signatureAlgorithm) else {
                return verdict(.invalid, "the signature does not match the document or the signer's certificate")
            }
        }

        let (status, detail) = await chainStatus(of: signingCertificate, carried: evidence.certificates, at: result.signingTime ?? now)
        return verdict(status, detail)
    }

    /// Valid if a chain to an anchor holds at the signing time; expired if one holds only
    /// when validity periods are ignored; untrusted if none does.
    private func chainStatus(of leaf: Certificate, carried: [Certificate], at signingTime: Date) async -> (PDFSignatureStatus, String) {
        let roots = CertificateStore(trustAnchors.certificates)
        let intermediates = CertificateStore(carried)
        var atSigningTime = Verifier(rootCertificates: roots) { RFC5280Policy(fixedExpiryValidationTime: signingTime) }
        if case .validCertificate = await atSigningTime.validate(leaf: leaf, intermediates: intermediates) {
            return (.valid, "signed, intact, and chained to a trust anchor at the signing time")
        }
        var timeless = Verifier(rootCertificates: roots) { RFC5280Policy.withValidityCheckDisabled() }
        if case .validCertificate(let chain) = await timeless.validate(leaf: leaf, intermediates: intermediates) {
            let outOfDate = chain.first { $0.notValidBefore > signingTime || $0.notValidAfter < signingTime } ?? leaf
            return (.expired, "\(CertificateName(outOfDate.subject).distinguishedName) is valid from \(outOfDate.notValidBefore) to \(outOfDate.notValidAfter), not at the signing time \(signingTime)")
        }
        return (.untrusted, "the signer's certificate does not chain to a configured trust anchor")
    }
}
