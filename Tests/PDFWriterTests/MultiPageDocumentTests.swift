import PDFWriter
import Testing
import TestSupport

@Suite("Documents of several pages")
struct MultiPageDocumentTests {
    @Test func pagesShareOneSubsetOfEachFontAndKeepTheirOwnImages() throws {
        let font = try BundledFont.dejaVuSans.load()
        var document = PDFDocument(language: "vi")
        for (number, text) in ["Trang một: hồ sơ đầu tư", "Trang hai: thẩm định", "Page three: ưu đãi thuế"].enumerated() {
            var page = PDFPage(size: number == 1 ? .a4Landscape : .a4)
            page.drawText(text, at: PDFPoint(x: 72, y: 500), font: font, size: 14, color: .rgb(0, 0.2, 0.5))
            page.drawRectangle(PDFRect(x: 72, y: 400, width: 60, height: 30), fill: .gray(0.9), stroke: .black, lineWidth: 0.5)
            var pixels: [UInt8] = []
            for index in 0 ..< 64 { pixels += [UInt8(index * 4), UInt8(255 - index * 4), UInt8(number * 100)] }
            page.drawImage(try PDFImage(width: 8, height: 8, colorSpace: .rgb, pixels: pixels), in: PDFRect(x: 72, y: 300, width: 48, height: 48))
            document.append(page)
        }
        let scratch = try ScratchDirectory()
        let path = try scratch.write(try document.serialize().bytes, to: "pages.pdf")

        let check = try ExternalTool.run("qpdf", ["--check", path])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        let fonts = try ExternalTool.run("pdffonts", [path])
        #expect(fonts.output.split(separator: "\n").count == 3, "one font object for all pages:\n\(fonts.output)")
        let text = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", path, "-"])
        for line in ["Trang một: hồ sơ đầu tư", "Trang hai: thẩm định", "Page three: ưu đãi thuế"] {
            #expect(text.output.contains(line), "\(text.output)")
        }
        #expect(text.output.split(separator: "\u{0C}").count == 3, "pdftotext ends each page with a form feed")
    }

    @Test func anImageWhosePixelsDoNotMatchItsSizeIsRefused() {
        #expect(throws: PDFWriterError.imageSizeMismatch(expected: 12, actual: 4)) {
            try PDFImage(width: 2, height: 2, colorSpace: .rgb, pixels: [0, 0, 0, 0])
        }
    }
}
