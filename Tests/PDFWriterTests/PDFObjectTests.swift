@testable import PDFWriter
import Testing

@Suite("Writing PDF objects")
struct PDFObjectTests {
    func written(_ object: PDFObject) -> String {
        var serializer = PDFSerializer()
        serializer.write(object)
        return String(decoding: serializer.bytes, as: UTF8.self)
    }

    @Test func literalStringsEscapeParenthesesBackslashesAndControlBytes() {
        let string = PDFString(bytes: Array("a(b)c\\d\n\r\t".utf8) + [0x08, 0x0C, 0x00, 0xFF])
        #expect(written(.string(string)) == #"(a\(b\)c\\d\n\r\t\b\f\000\377)"#)
    }

    @Test func textStringsStayLiteralWhenPrintableAsciiAndBecomeUTF16Otherwise() {
        #expect(written(.text("Certificate 2026")) == "(Certificate 2026)")
        #expect(written(.text("Đầu")) == "<FEFF01101EA70075>")
        #expect(written(.string(PDFString(bytes: [0x00, 0xAB], form: .hexadecimal))) == "<00AB>")
    }

    @Test func namesEscapeDelimitersSpacesAndNonAsciiBytes() {
        #expect(written(.name("Type")) == "/Type")
        #expect(written(.name("A B#(c)")) == "/A#20B#23#28c#29")
        #expect(written(.name(PDFName("Đ"))) == "/#C4#90")
    }

    @Test func numbersHaveAtMostFourDecimalsAndNoExponent() {
        #expect(written(.real(595.2756)) == "595.2756")
        #expect(written(.real(12)) == "12")
        #expect(written(.real(-0.5)) == "-0.5")
        #expect(written(.real(1e-9)) == "0")
        #expect(written(.real(1e12)) == "1000000000000")
        #expect(written(.real(.nan)) == "0")
        #expect(written(.integer(-42)) == "-42")
    }

    @Test func dictionariesKeepTheirOrderAndArraysTheirSpacing() {
        var dictionary: PDFDictionary = ["Type": .name("Page"), "Count": 2]
        dictionary["Kids"] = [.reference(PDFReference(number: 4)), .null, true]
        dictionary["Count"] = nil
        #expect(written(.dictionary(dictionary)) == "<</Type /Page/Kids [4 0 R null true]>>")
    }

    @Test func placeholdersReportWhereTheyWereWritten() {
        var serializer = PDFSerializer()
        serializer.write(.dictionary(["Contents": .placeholder(PDFPlaceholder(key: "c", bytes: Array("<0000>".utf8)))]))
        let range = serializer.placeholderRanges["c"]!
        #expect(String(decoding: serializer.bytes[range], as: UTF8.self) == "<0000>")
    }
}
