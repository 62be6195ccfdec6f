import DocumentSigning
import Foundation
import PDFWriter
import Testing

/// The PDF writer and this module agree on the placeholders only by convention (neither
/// imports the other), so a document the writer lays out must sign, verify, and satisfy pdfsig.
@Suite("Signing what the PDF writer writes")
struct PDFWriterSigningTests {
    @Test("a PDFWriter document with a signature field is signed in place and verifies")
    func writerDocument() async throws {
        let now = Date()
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-3_600))
        let font = try BundledFont.dejaVuSans.load()
        var page = PDFPage()
        page.drawText("Giấy chứng nhận đăng ký đầu tư", at: PDFPoint(x: 72, y: 760), font: font, size: 14)
        var document = PDFDocument(language: "vi")
        document.append(page)
        document.signatureField = PDFSignatureField(signingTime: now, reason: "Cấp giấy chứng nhận")
        let unsigned = try document.serialize().bytes

        let signed = try await PAdESSigning.sign(pdf: unsigned, signer: try identity.signer(), signingTime: now)
        let report = await PDFSignatureVerifier(trustAnchors: TrustAnchors(certificates: [identity.authorityCertificate]))
            .verify(pdf: signed, now: now)
        #expect(report.signatures.map(\.status) == [.valid], "\(report.signatures.map(\.detail))")
        #expect(report.isSignedAndUnchanged)
        #expect(report.signatures.first?.reason == "Cấp giấy chứng nhận")

        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("certificate.pdf")
        try Data(signed).write(to: file)
        let pdfsig = try ExternalTool.run(ExternalTool.pdfsig, [file.path], package: "poppler-utils")
        #expect(pdfsig.output.contains("Signature Validation: Signature is Valid."), "pdfsig said:\n\(pdfsig.output)")
        let qpdf = try ExternalTool.run(ExternalTool.qpdf, ["--check", file.path], package: "qpdf")
        #expect(qpdf.status == 0, "qpdf --check said:\n\(qpdf.output)")
    }
}
