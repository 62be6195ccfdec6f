import Foundation
import HTTPTypes
import Storage
import Testing
import TestSupport

/// The certificate a bank or a court would accept, judged by tools that are not ours: the
/// PDF is well formed (qpdf), its Vietnamese text can be copied (pdftotext), its PAdES
/// signature holds and names the Authority (pdfsig) and breaks with one changed byte, and
/// its QR code, read from the rendered page (pdftoppm, zbarimg), leads to the verification
/// page that answers for this number.
@Suite struct CertificatePDFTests {
    @Test(arguments: TestDatabase.kinds)
    func anIssuedCertificateIsASignedPDFWhoseQRCodeLeadsToItsVerification(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            var (location, etag) = try await LicensingAPITests.draft(app)
            var response = try await LicensingAPITests.act(app, location, etag, "submit", token: app.investorToken)
            for (action, token) in [("start_check", app.officerToken), ("accept", app.officerToken), ("approve", app.approverToken),
                                    ("issue_certificate", app.approverToken)] {
                etag = try #require(response.headers[.eTag])
                response = try await LicensingAPITests.act(app, location, etag, action, token: token)
                try #require(response.status == .ok, "\(action): \(response.text)")
            }
            let number = try #require(response.json["certificateNumber"] as? String)
            let investor = try await WebConsoleDossierTests.Browser(app, token: app.investorToken)
            let download = try await investor.get(app, "/certificates/\(number)/pdf")
            #expect(download.status == .ok && download.headers[.contentType] == "application/pdf")
            let pdf = Data(buffer: download.body)
            #expect(pdf.count < 100_000, "a certificate stays under 100 KB (\(pdf.count) bytes)")

            let scratch = try ScratchDirectory()
            let file = try scratch.write(Array(pdf), to: "certificate.pdf")

            #expect(try ExternalTool.run("qpdf", ["--check", file]).status == 0)
            let text = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", file, "-"]).output
            #expect(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "Vietnamese with its diacritics: \(text.prefix(300))")
            #expect(text.contains("Công ty Sao Biển") && text.contains(number))
            #expect(!text.contains("new-construction"), "values for people, not codes")

            let signature = try ExternalTool.run("pdfsig", [file]).output
            #expect(signature.contains("Signature is Valid."), "\(signature)")
            #expect(signature.contains("Hai Phong Economic Zone Authority"), "the signer is named: \(signature)")
            var tampered = pdf
            // One byte of the page's first stream (the text is drawn as compressed glyph codes).
            let index = try #require(tampered.range(of: Data("stream\n".utf8))?.upperBound) + 20
            tampered[index] ^= 0x01
            let tamperedFile = try scratch.write(Array(tampered), to: "tampered.pdf")
            let broken = try ExternalTool.run("pdfsig", [tamperedFile]).output
            #expect(!broken.contains("Signature is Valid."), "one changed byte breaks it: \(broken)")

            // The code is on the last page: every page is rendered and read, as a phone would scan the printout.
            let prefix = scratch.url.appendingPathComponent("page").path
            #expect(try ExternalTool.run("pdftoppm", ["-r", "150", "-png", file, prefix]).status == 0)
            let pages = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.hasPrefix("page") }.sorted()
                .map { scratch.url.appendingPathComponent($0).path }
            let scanned = try ExternalTool.run("zbarimg", ["--raw", "-q"] + pages).output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(scanned == "http://127.0.0.1:8080/verify?number=\(number)")
            let verification = try await app.request(.get, String(scanned.dropFirst("http://127.0.0.1:8080".count)) + "&lang=en")
            #expect(verification.status == .ok && verification.text.contains(number), "the code's address answers for the number")

            let other = try await WebConsoleDossierTests.Browser(app, token: app.otherInvestorToken)
            #expect(try await other.get(app, "/certificates/\(number)/pdf").status == .notFound)
        }
    }
}
