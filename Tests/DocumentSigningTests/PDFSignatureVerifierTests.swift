import DocumentSigning
import Foundation
import Testing
import X509

@Suite("Verifying the signatures of uploaded PDFs")
struct PDFSignatureVerifierTests {
    let now = Date()

    func sign(with identity: DevelopmentSigningIdentity, at signingTime: Date, dictionary: String? = nil) async throws -> [UInt8] {
        let unsigned = SamplePDF.unsigned(signatureDictionary: dictionary ?? PDFSignaturePlaceholder.signatureDictionary(signingTime: signingTime))
        return try await PAdESSigning.sign(pdf: unsigned, signer: try identity.signer(), signingTime: signingTime)
    }

    func verify(_ pdf: [UInt8], trusting anchors: [Certificate]) async -> PDFSignatureReport {
        await PDFSignatureVerifier(trustAnchors: TrustAnchors(certificates: anchors)).verify(pdf: pdf, now: now)
    }

    @Test("a signature from a CA that is not an anchor is untrusted, though intact")
    func untrusted() async throws {
        let signer = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-3_600))
        let stranger = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-3_600))
        let signed = try await sign(with: signer, at: now)
        let report = await verify(signed, trusting: [stranger.authorityCertificate])
        #expect(report.signatures.map(\.status) == [.untrusted])
        #expect(report.signatures.first?.signer?.commonName == "Hai Phong Economic Zone Authority (development)")
        let withoutAnchors = await verify(signed, trusting: [])
        #expect(withoutAnchors.signatures.map(\.status) == [.untrusted])
    }

    @Test("a certificate that had expired at the signing time makes the signature expired")
    func expired() async throws {
        // Issued three years ago for two: it expired a year ago. The dictionary claims no
        // time, so the verifier falls back to now, when the certificate is long expired.
        let threeYearsAgo = now.addingTimeInterval(-3 * 365 * 86_400)
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: threeYearsAgo)
        let withoutTime = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached \(PDFSignaturePlaceholder.byteRange) \(PDFSignaturePlaceholder.contents()) >>"
        let signed = try await sign(with: identity, at: threeYearsAgo.addingTimeInterval(86_400), dictionary: withoutTime)
        let report = await verify(signed, trusting: [identity.authorityCertificate])
        #expect(report.signatures.map(\.status) == [.expired], "\(report.signatures.map(\.detail))")
        #expect(report.signatures.first?.signingTimeSource == .verificationTime)
    }

    @Test("the same signature checked at a /M inside the certificate's validity is valid")
    func signingTimeFromDictionary() async throws {
        let threeYearsAgo = now.addingTimeInterval(-3 * 365 * 86_400)
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: threeYearsAgo)
        let signingTime = threeYearsAgo.addingTimeInterval(86_400)
        let signed = try await sign(with: identity, at: signingTime)
        let report = await verify(signed, trusting: [identity.authorityCertificate])
        #expect(report.signatures.map(\.status) == [.valid], "\(report.signatures.map(\.detail))")
    }

    @Test("the signer refuses a certificate that is not valid at the signing time")
    func signerRefusesExpiredCertificate() async throws {
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-3 * 365 * 86_400))
        await #expect(throws: DocumentSigningError.self) {
            _ = try await sign(with: identity, at: now)
        }
    }

    @Test("bytes appended after signing are reported as not covered")
    func appendedRevision() async throws {
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-3_600))
        let signed = try await sign(with: identity, at: now)
        let report = await verify(signed + Array("% appended later\n".utf8), trusting: [identity.authorityCertificate])
        let signature = try #require(report.signatures.first)
        #expect(signature.status == .valid)
        #expect(!signature.coversWholeDocument)
        #expect(!report.isSignedAndUnchanged)
    }

    @Test("a damaged signature value is unreadable")
    func damagedSignatureValue() async throws {
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-3_600))
        var signed = try await sign(with: identity, at: now)
        let contents = try #require(firstOffset(of: "/Contents <", in: signed)) + "/Contents <".utf8.count
        signed.replaceSubrange(contents..<contents + 4, with: Array("FFFF".utf8))
        let report = await verify(signed, trusting: [identity.authorityCertificate])
        #expect(report.signatures.map(\.status) == [.unreadable])
    }

    @Test("a byte range that leaves out more than the signature value is invalid")
    func shiftedByteRange() async throws {
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-3_600))
        var signed = try await sign(with: identity, at: now)
        let range = try #require(firstOffset(of: "/ByteRange [0 ", in: signed)) + "/ByteRange [".utf8.count
        // [0 a b c] becomes [0 a-1 b c]: one byte before the hex string drops out of the signed range.
        let numbers = String(decoding: signed[range..<range + 35], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        let shifted = Array("0 \(numbers[1] - 1) \(numbers[2]) \(numbers[3])".utf8)
        signed.replaceSubrange(range..<range + shifted.count, with: shifted)
        let report = await verify(signed, trusting: [identity.authorityCertificate])
        #expect(report.signatures.map(\.status) == [.invalid])
    }

    @Test("an unsigned PDF has no signatures")
    func unsigned() async {
        let pdf = SamplePDF.unsigned(signatureDictionary: "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
        let report = await verify(pdf, trusting: [])
        #expect(report.signatures.isEmpty)
        #expect(!report.isSignedAndUnchanged)
    }

    func firstOffset(of text: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(text.utf8)
        return bytes.indices.dropLast(needle.count - 1).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
