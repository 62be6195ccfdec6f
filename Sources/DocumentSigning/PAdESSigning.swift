import Crypto
import Foundation
import X509

/// Signs a PDF prepared with a ``PDFSignaturePlaceholder``: a PAdES baseline B-B signature
/// (ETSI EN 319 142-1), a detached CMS over the whole file except the signature's own hex.
public enum PAdESSigning {
    /// Fills the placeholders of `pdf` and returns the signed file, of the same length.
    ///
    /// - Parameters:
    ///   - signingTime: the instant written in the signature dictionary's `/M`; the signing
    ///     certificate must be valid then.
    /// - Throws: ``DocumentSigningError`` when the placeholders are missing or too small, or
    ///   the certificate is not valid at `signingTime`; whatever the signer throws.
    public static func sign(pdf: [UInt8], signer: any DocumentSigner, signingTime: Date) async throws -> [UInt8] {
        guard let signingCertificate = signer.certificateChain.first else {
            throw DocumentSigningError.unreadableCertificateChain("the signer has no certificate")
        }
        guard signingCertificate.notValidBefore <= signingTime, signingTime <= signingCertificate.notValidAfter else {
            throw DocumentSigningError.signingCertificateNotValid(
                at: signingTime, notBefore: signingCertificate.notValidBefore, notAfter: signingCertificate.notValidAfter)
        }
        let location = try PDFSignaturePlaceholder.locate(in: pdf)
        var signed = pdf
        // The byte range is itself inside the signed bytes, so it is written before hashing.
        let byteRange = [0, location.contents.lowerBound, location.contents.upperBound, pdf.count - location.contents.upperBound]
        let byteRangeText = Array(byteRange.map(String.init).joined(separator: " ").utf8)
        guard byteRangeText.count <= location.byteRangeSlot.count else { throw DocumentSigningError.byteRangePlaceholderTooSmall }
        signed.replaceSubrange(location.byteRangeSlot,
                               with: byteRangeText + Array(repeating: UInt8(ascii: " "), count: location.byteRangeSlot.count - byteRangeText.count))

        var hasher = SHA256()
        hasher.update(data: signed[..<location.contents.lowerBound])
        hasher.update(data: signed[location.contents.upperBound...])
        let signedAttributes = try CMSSignedDataWriter.signedAttributes(
            messageDigest: Array(hasher.finalize()), signingCertificate: signingCertificate)
        let signature = try await signer.sign(signedAttributes: signedAttributes)
        // A signer that answers with garbage would otherwise produce a PDF that fails every
        // verifier; checking here costs one verification per document.
        guard signingCertificate.publicKey.isValidSignature(signature, for: signedAttributes,
                                                            signatureAlgorithm: signer.signatureAlgorithm.certificateSignatureAlgorithm) else {
            throw DocumentSigningError.signerFailed("the signature does not verify with the signing certificate's key")
        }
        let cms = try CMSSignedDataWriter.contentInfo(signedAttributes: signedAttributes, signature: signature,
                                                      algorithm: signer.signatureAlgorithm, certificates: signer.certificateChain)
        guard cms.count <= location.contentsCapacity else {
            throw DocumentSigningError.contentsPlaceholderTooSmall(needed: cms.count, available: location.contentsCapacity)
        }
        let hex = PDFBytes.hexString(cms)
        let firstDigit = location.contents.lowerBound + 1
        signed.replaceSubrange(firstDigit..<firstDigit + hex.count, with: hex)
        return signed
    }
}
