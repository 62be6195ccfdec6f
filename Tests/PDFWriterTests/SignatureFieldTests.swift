import Foundation
import PDFWriter
import Testing
import TestSupport

/// The writer only reserves room for a signature; these tests show the reservation is
/// what a PAdES signer needs: a byte range computed after writing, filled in place.
@Suite("Room for a signature")
struct SignatureFieldTests {
    static func signedLayout() throws -> SerializedPDF {
        let font = try BundledFont.dejaVuSans.load()
        var page = PDFPage()
        page.drawText("Chữ ký số / Digital signature", at: PDFPoint(x: 72, y: 120), font: font, size: 10)
        var document = PDFDocument()
        document.append(page)
        document.signatureField = PDFSignatureField(rect: PDFRect(x: 72, y: 60, width: 200, height: 50), contentsCapacity: 64,
                                                    signingTime: Date(timeIntervalSince1970: 1_796_688_000), reason: "Cấp giấy chứng nhận")
        return try document.serialize()
    }

    @Test func theByteRangeCoversAllButTheContentsAndIsWrittenInPlace() throws {
        var written = try Self.signedLayout()
        let size = written.bytes.count
        let range = try written.signatureByteRange()
        #expect(range[0] == 0 && range[2] + range[3] == size)
        #expect(written.bytes[range[1]] == UInt8(ascii: "<") && written.bytes[range[2] - 1] == UInt8(ascii: ">"))
        #expect(range[2] - range[1] == 2 * 64 + 2)

        let signed = try written.prepareForSigning()
        #expect(written.bytes.count == size, "nothing moves")
        #expect(signed.count == size - (2 * 64 + 2))
        #expect(written.bytes.firstRange(of: Array("/ByteRange [0 0000000000 0000000000 0000000000]".utf8)) == nil)
        let filled = Array("/ByteRange [0 \(range[1]) \(range[2]) \(range[3])".utf8)
        let at = try #require(written.bytes.firstRange(of: filled))
        let padding = written.bytes[at.upperBound...].prefix { $0 == UInt8(ascii: " ") }
        #expect(written.bytes[at.upperBound + padding.count] == UInt8(ascii: "]"), "padded inside the brackets")

        try written.embedSignature([0x30, 0x82, 0xAB, 0xCD])
        #expect(String(decoding: written.bytes[range[1] ..< range[1] + 10], as: UTF8.self) == "<3082ABCD0")
        #expect(throws: PDFWriterError.signatureTooLarge(capacity: 64, actual: 65)) {
            try written.embedSignature(Array(repeating: 1, count: 65))
        }
    }

    @Test func thePlaceholdersFollowTheSigningModulesConvention() throws {
        let written = try Self.signedLayout()
        #expect(written.bytes.firstRange(of: Array("/ByteRange [0 0000000000 0000000000 0000000000]".utf8)) != nil)
        #expect(written.bytes.firstRange(of: Array(("/Contents <" + String(repeating: "0", count: 128) + ">").utf8)) != nil)
    }

    @Test func qpdfAcceptsTheFileWithItsSignatureField() throws {
        var written = try Self.signedLayout()
        _ = try written.prepareForSigning()
        let scratch = try ScratchDirectory()
        let path = try scratch.write(written.bytes, to: "signed.pdf")
        let check = try ExternalTool.run("qpdf", ["--check", path])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        let fields = try ExternalTool.run("qpdf", ["--json", "--json-key=acroform", path])
        #expect(fields.output.contains("\"fieldtype\": \"/Sig\"") && fields.output.contains("\"fullname\": \"Signature1\""), "\(fields.output)")
    }

    @Test func aFieldOnAMissingPageIsAnError() {
        var document = PDFDocument()
        document.signatureField = PDFSignatureField(pageIndex: 0)
        #expect(throws: PDFWriterError.pageOutOfRange(0)) { try document.serialize() }
    }
}
