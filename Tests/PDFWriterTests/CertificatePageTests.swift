import Foundation
import PDFWriter
import Testing
import TestSupport

/// A one-page certificate in Vietnamese and English, judged by tools that share no code
/// with the writer: qpdf for structure and streams, poppler for text, fonts and rendering.
@Suite("A certificate page, judged by qpdf and poppler")
struct CertificatePageTests {
    static let vietnamese = ["GIẤY CHỨNG NHẬN ĐĂNG KÝ ĐẦU TƯ", "Công ty TNHH Năng lượng Gió Biển Đông", "Ngày 8 tháng 12 năm 2026"]
    static let english = "INVESTMENT REGISTRATION CERTIFICATE"

    static func certificate() throws -> [UInt8] {
        let regular = try BundledFont.dejaVuSans.load()
        let bold = try BundledFont.dejaVuSansBold.load()
        var page = PDFPage(size: .a4)
        let width = page.size.width, margin = PDFPageSize.points(millimetres: 20)
        page.drawRectangle(PDFRect(x: margin / 2, y: margin / 2, width: width - margin, height: page.size.height - margin),
                           stroke: .hex(0x1F4E79), lineWidth: 2)
        page.drawText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", at: PDFPoint(x: width / 2, y: 780), font: bold, size: 12, alignment: .center)
        page.drawText("Độc lập – Tự do – Hạnh phúc", at: PDFPoint(x: width / 2, y: 764), font: regular, size: 11, alignment: .center)
        page.drawLine(from: PDFPoint(x: width / 2 - 80, y: 758), to: PDFPoint(x: width / 2 + 80, y: 758), width: 0.75)
        page.drawText(vietnamese[0], at: PDFPoint(x: width / 2, y: 700), font: bold, size: 18, color: .hex(0xC00000), alignment: .center)
        page.drawText(english, at: PDFPoint(x: width / 2, y: 680), font: regular, size: 11, color: .gray(0.3), alignment: .center)
        page.drawText("Tên doanh nghiệp / Company name:", at: PDFPoint(x: margin, y: 620), font: regular, size: 11)
        page.drawText(vietnamese[1], at: PDFPoint(x: margin + 10, y: 602), font: bold, size: 13)
        let bottom = page.drawParagraph(
            "Dự án được thực hiện tại Khu thương mại tự do Hải Phòng theo Nghị quyết 226/2025/QH15. "
                + "The project is carried out in the Hai Phong Free Trade Zone under Resolution 226/2025/QH15.",
            x: margin, top: 580, width: width - 2 * margin, font: regular, size: 11)
        page.drawText(vietnamese[2], at: PDFPoint(x: width - margin, y: bottom - 30), font: regular, size: 11, alignment: .right)
        // A 21 × 21 module pattern in the place a QR code will take.
        let modules = 21, scale = 4
        let pixels = (0 ..< modules * scale).flatMap { row in
            (0 ..< modules * scale).map { column in (row / scale * 7 + column / scale * 3) % 5 < 2 ? UInt8(0) : UInt8(255) }
        }
        page.drawImage(try PDFImage(width: modules * scale, height: modules * scale, colorSpace: .gray, pixels: pixels),
                       in: PDFRect(x: margin, y: 60, width: 84, height: 84))
        var document = PDFDocument(info: PDFDocumentInfo(title: vietnamese[0], subject: english), language: "vi")
        document.append(page)
        return try document.serialize().bytes
    }

    @Test func qpdfFindsNoSyntaxOrStreamErrors() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(try Self.certificate(), to: "certificate.pdf")
        let result = try ExternalTool.run("qpdf", ["--check", path])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains("No syntax or stream encoding errors found"))
    }

    @Test func pdftotextRecoversTheVietnameseTextExactly() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(try Self.certificate(), to: "certificate.pdf")
        let result = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", path, "-"])
        #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
        // Compared as UTF-8 bytes: Swift's == would also accept a decomposed form.
        for line in Self.vietnamese + [Self.english, "Độc lập – Tự do – Hạnh phúc"] {
            let expected = Array(line.precomposedStringWithCanonicalMapping.utf8)
            #expect(result.outputBytes.firstRange(of: expected) != nil, "\(line) in:\n\(result.output)")
        }
    }

    @Test func pdffontsShowsBothFontsEmbeddedAsSubsetsWithUnicodeMaps() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(try Self.certificate(), to: "certificate.pdf")
        let result = try ExternalTool.run("pdffonts", [path])
        #expect(result.status == 0, "\(result.errors)")
        let rows = result.output.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
        #expect(rows.count == 2, "\(result.output)")
        var names: [String] = []
        for row in rows {
            // name, "CID", "TrueType", encoding, emb, sub, uni, object, generation
            #expect(row.count == 9, "\(row)")
            guard row.count == 9 else { continue }
            let tag = row[0].prefix { $0 != "+" }
            #expect(tag.count == 6 && tag.allSatisfy { $0.isUppercase && $0.isASCII }, "\(row[0])")
            names.append(String(row[0].drop { $0 != "+" }.dropFirst()))
            #expect(row[1 ... 3] == ["CID", "TrueType", "Identity-H"])
            #expect(row[4 ... 6] == ["yes", "yes", "yes"], "embedded, subset, ToUnicode")
        }
        #expect(Set(names) == ["DejaVuSans", "DejaVuSans-Bold"])
    }

    @Test func pdftoppmRendersThePageWithoutComplaint() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(try Self.certificate(), to: "certificate.pdf")
        let prefix = scratch.url.appendingPathComponent("page").path
        let result = try ExternalTool.run("pdftoppm", ["-r", "50", "-png", path, prefix])
        #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
        let image = try Data(contentsOf: URL(fileURLWithPath: prefix + "-1.png"))
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        if let keep = ProcessInfo.processInfo.environment["PDFWRITER_KEEP"] {
            // For a person to look at: PDFWRITER_KEEP=/tmp/shot swift test --filter PDFWriter
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try Data(try Self.certificate()).write(to: URL(fileURLWithPath: keep + "/certificate.pdf"))
        }
    }

    @Test func theFileStaysUnderOneHundredKilobytesAndIsReproducible() throws {
        let bytes = try Self.certificate()
        #expect(bytes.count < 100 * 1024, "\(bytes.count) bytes")
        #expect(try Self.certificate() == bytes, "no clock or randomness in the output")
    }
}
