import DocumentSigning
import Foundation
import Testing
import X509

/// Signing judged by independent tools: poppler's pdfsig (NSS underneath) must call the
/// signature valid, and qpdf must find the signed file sound.
@Suite("PAdES signing, checked by pdfsig and qpdf")
struct PAdESSigningTests {
    let now = Date()

    func signedSample(_ algorithm: DocumentSignatureAlgorithm) async throws -> (pdf: [UInt8], identity: DevelopmentSigningIdentity) {
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-86_400), signingAlgorithm: algorithm)
        let unsigned = SamplePDF.unsigned(signatureDictionary: PDFSignaturePlaceholder.signatureDictionary(
            signingTime: now, signerName: "Ban Quản lý Khu kinh tế Hải Phòng", reason: "Investment registration certificate",
            location: "Hai Phong, VN"))
        let signed = try await PAdESSigning.sign(pdf: unsigned, signer: try identity.signer(), signingTime: now)
        #expect(signed.count == unsigned.count, "signing fills placeholders in place: no offset may move")
        return (signed, identity)
    }

    /// pdfsig's report on `pdf`; when certutil is at hand, with an NSS database that trusts `authority`.
    func pdfsig(_ pdf: [UInt8], trusting authority: Certificate) throws -> String {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("signed.pdf")
        try Data(pdf).write(to: file)
        var arguments = [file.path]
        if ExternalTool.hasCertutil {
            let database = directory.appendingPathComponent("nssdb")
            try FileManager.default.createDirectory(at: database, withIntermediateDirectories: true)
            let authorityFile = directory.appendingPathComponent("ca.pem")
            try Data(try authority.serializeAsPEM().pemString.utf8).write(to: authorityFile)
            let created = try ExternalTool.run(ExternalTool.certutil, ["-N", "-d", "sql:\(database.path)", "--empty-password"], package: "libnss3-tools")
            try #require(created.status == 0, "certutil -N: \(created.output)")
            let added = try ExternalTool.run(ExternalTool.certutil, ["-A", "-d", "sql:\(database.path)", "-n", "ftz-test-ca", "-t", "CT,C,C", "-i", authorityFile.path],
                                             package: "libnss3-tools")
            try #require(added.status == 0, "certutil -A: \(added.output)")
            arguments = ["-nssdir", "sql:\(database.path)"] + arguments
        }
        return try ExternalTool.run(ExternalTool.pdfsig, arguments, package: "poppler-utils").output
    }

    func qpdfCheck(_ pdf: [UInt8]) throws -> ExternalTool.Run {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("signed.pdf")
        try Data(pdf).write(to: file)
        return try ExternalTool.run(ExternalTool.qpdf, ["--check", file.path], package: "qpdf")
    }

    @Test("pdfsig and qpdf accept the signature", arguments: DocumentSignatureAlgorithm.allCases)
    func independentToolsAccept(algorithm: DocumentSignatureAlgorithm) async throws {
        let (signed, identity) = try await signedSample(algorithm)
        let report = try pdfsig(signed, trusting: identity.authorityCertificate)
        #expect(report.contains("Signature Validation: Signature is Valid."), "pdfsig said:\n\(report)")
        #expect(report.contains("Hai Phong Economic Zone Authority (development)"), "pdfsig said:\n\(report)")
        #expect(report.contains("Total document signed"), "pdfsig said:\n\(report)")
        #expect(report.contains("ETSI.CAdES.detached"), "pdfsig said:\n\(report)")
        if ExternalTool.hasCertutil {
            #expect(report.contains("Certificate Validation: Certificate is Trusted."), "pdfsig said:\n\(report)")
        }
        let check = try qpdfCheck(signed)
        #expect(check.status == 0, "qpdf --check said:\n\(check.output)")
        #expect(check.output.contains("No syntax or stream encoding errors found"), "qpdf --check said:\n\(check.output)")

        let verification = await PDFSignatureVerifier(trustAnchors: TrustAnchors(certificates: [identity.authorityCertificate]))
            .verify(pdf: signed, now: now)
        let signature = try #require(verification.signatures.first)
        #expect(verification.signatures.count == 1)
        #expect(signature.status == .valid, "\(signature.detail)")
        #expect(signature.signer?.commonName == "Hai Phong Economic Zone Authority (development)")
        #expect(signature.signer?.organisation == "Hai Phong Economic Zone Authority")
        #expect(signature.issuer?.commonName == "Hai Phong Economic Zone Authority Development CA")
        #expect(signature.signingTimeSource == .signatureDictionary)
        #expect(abs(try #require(signature.signingTime).timeIntervalSince(now)) < 1, "/M keeps the second")
        #expect(signature.reason == "Investment registration certificate")
        #expect(verification.isSignedAndUnchanged)
    }

    @Test("a byte changed inside the signed range breaks the signature for pdfsig and for the verifier",
          arguments: DocumentSignatureAlgorithm.allCases)
    func tampering(algorithm: DocumentSignatureAlgorithm) async throws {
        let sample = try await signedSample(algorithm)
        var signed = sample.pdf
        let textOffset = try #require(firstOffset(of: "HPFTZ-IRC-2026-000123", in: signed))
        signed[textOffset + 18] = UInt8(ascii: "9")  // …000123 becomes …000923, same length

        let report = try pdfsig(signed, trusting: sample.identity.authorityCertificate)
        #expect(!report.contains("Signature is Valid"), "pdfsig said:\n\(report)")
        #expect(report.contains("Digest Mismatch"), "pdfsig said:\n\(report)")

        let verification = await PDFSignatureVerifier(trustAnchors: TrustAnchors(certificates: [sample.identity.authorityCertificate]))
            .verify(pdf: signed, now: now)
        #expect(verification.signatures.map(\.status) == [.invalid])
        #expect(!verification.isSignedAndUnchanged)
    }

    func firstOffset(of text: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(text.utf8)
        return bytes.indices.dropLast(needle.count - 1).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
