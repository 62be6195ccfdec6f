@testable import DocumentSigning
import Foundation
import Testing

/// The small pieces of PDF syntax the verifier reads from files other tools wrote.
@Suite("PDF syntax read by the verifier")
struct PDFSyntaxTests {
    @Test("PDF dates in the forms writers use", arguments: [
        ("D:20261201070000+07'00'", "2026-12-01T00:00:00Z"),
        ("D:20261201070000+07'00", "2026-12-01T00:00:00Z"),
        ("D:202612010700+07'00'", "2026-12-01T00:00:00Z"),
        ("D:20261201000000Z", "2026-12-01T00:00:00Z"),
        ("20261201000000", "2026-12-01T00:00:00Z"),
        ("D:20261130190000-05'00'", "2026-12-01T00:00:00Z"),
        ("D:2026", "2026-01-01T00:00:00Z"),
    ])
    func dates(text: String, instant: String) throws {
        let expected = try #require(ISO8601DateFormatter().date(from: instant))
        #expect(PDFDate.date(from: text) == expected)
    }

    @Test("malformed dates are refused rather than guessed", arguments: ["", "D:", "D:20261301000000Z", "yesterday"])
    func badDates(text: String) {
        #expect(PDFDate.date(from: text) == nil)
    }

    @Test("a written /M reads back to the same second")
    func dateRoundTrip() {
        let instant = Date(timeIntervalSince1970: 1_796_083_245)
        let text = PDFDate.string(from: instant, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
        #expect(text == "D:20261201070045+07'00'")
        #expect(PDFDate.date(from: text) == instant)
    }

    @Test("objects: escapes, octal codes, references, names with #xx, and where strings lie")
    func objects() throws {
        let text = "<< /M (D:2026\\(x\\)\\101\\\n) /V 12 0 R /N#20ame /A#42 /K [1 2.5 -3 true null] /C <41 4 > >>"
        var reader = PDFObjectReader(bytes: Array(text.utf8), position: 0)
        let entries = try #require(try reader.readValue().dictionary)
        #expect(entries["M"]?.textString == "D:2026(x)A")
        #expect(entries["V"] == .reference(number: 12, generation: 0))
        #expect(entries["N ame"] == .name("AB"))
        #expect(entries["K"] == .array([.integer(1), .real(2.5), .integer(-3), .boolean(true), .null]))
        let contentsStart = try #require(text.range(of: "<41")).lowerBound.utf16Offset(in: text)
        #expect(entries["C"] == .string(bytes: [0x41, 0x40], span: contentsStart..<contentsStart + 7, isHex: true))
        #expect(reader.position == text.utf8.count)
    }

    @Test("hostile nesting and truncation are errors, not crashes")
    func hostileObjects() {
        var deep = PDFObjectReader(bytes: Array((String(repeating: "[", count: 10_000)).utf8), position: 0)
        #expect(throws: PDFObjectReader.Malformed.self) { try deep.readValue() }
        for text in ["<< /A (unterminated", "<< /A <4", "[1 2", "<< 12 >>", ")"] {
            var reader = PDFObjectReader(bytes: Array(text.utf8), position: 0)
            #expect(throws: PDFObjectReader.Malformed.self) { try reader.readValue() }
        }
    }

    @Test("the scanner finds signature dictionaries inline in a field, and ignores the word in streams")
    func scanner() {
        let pdf = Array("""
        %PDF-1.7
        1 0 obj
        << /FT /Sig /T (A) /V << /Type /Sig /ByteRange [0 10 20 5] /Contents <3000> /M (D:2026) >> >>
        endobj
        2 0 obj
        << /Length 30 >>
        stream
        (/ByteRange [0 1 2 3]) Tj
        endstream
        endobj
        3 0 obj
        << /Type /Sig /ByteRange [0 x] /Contents <30> >>
        endobj
        """.utf8)
        let findings = PDFSignatureScanner.scan(pdf)
        #expect(findings.count == 2)
        guard findings.count == 2 else { return }
        if case .signature(let signature) = findings[0] {
            #expect(signature.byteRange == [0, 10, 20, 5])
            #expect(signature.contents == [0x30, 0x00])
            #expect(signature.signingTimeText == "D:2026")
        } else {
            Issue.record("expected the inline signature dictionary, got \(findings[0])")
        }
        if case .unreadable = findings[1] {} else { Issue.record("expected a malformed byte range to be unreadable") }
    }
}
