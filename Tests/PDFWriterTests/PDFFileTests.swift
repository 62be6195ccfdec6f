import Foundation
@testable import PDFWriter
import Testing

@Suite("Writing a PDF file: header, cross-reference table and trailer")
struct PDFFileTests {
    func sampleFile() throws -> SerializedPDF {
        var file = PDFFile()
        let catalog = file.reserve()
        let pages = file.reserve()
        let info = file.add(.dictionary(["Title": .text("Giấy chứng nhận")]))
        _ = file.add(PDFStream(data: Array(String(repeating: "0 0 m 10 10 l S\n", count: 40).utf8)))
        file.define(pages, as: .dictionary(["Type": .name("Pages"), "Kids": [], "Count": 0]))
        file.define(catalog, as: .dictionary(["Type": .name("Catalog"), "Pages": .reference(pages)]))
        return try file.serialize(root: catalog, info: info)
    }

    func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func theHeaderDeclaresVersionOneSevenAndMarksTheFileBinary() throws {
        let bytes = try sampleFile().bytes
        #expect(text(bytes[0 ..< 9]) == "%PDF-1.7\n")
        #expect(bytes[9] == UInt8(ascii: "%") && bytes[10 ..< 14].allSatisfy { $0 > 127 })
        #expect(text(bytes[(bytes.count - 6)...]) == "%%EOF\n")
    }

    @Test func everyCrossReferenceEntryPointsAtItsObject() throws {
        let written = try sampleFile()
        let bytes = written.bytes
        let tail = text(bytes[...])
        let startxref = try #require(tail.range(of: "startxref\n", options: .backwards))
        let offset = try #require(Int(tail[startxref.upperBound...].prefix { $0.isNumber }))
        #expect(text(bytes[offset ..< offset + 9]) == "xref\n0 5\n")
        var entry = offset + 9
        #expect(text(bytes[entry ..< entry + 20]) == "0000000000 65535 f\r\n")
        for number in 1 ... 4 {
            entry += 20
            let line = text(bytes[entry ..< entry + 20])
            #expect(line.utf8.count == 20 && line.hasSuffix(" 00000 n\r\n"), "entries are exactly 20 bytes")
            let objectOffset = try #require(Int(line.prefix(10)))
            #expect(objectOffset == written.objectOffsets[number - 1])
            #expect(text(bytes[objectOffset...]).hasPrefix("\(number) 0 obj\n"))
        }
        #expect(text(bytes[(entry + 20)...]).hasPrefix("trailer\n<</Size 5/Root 1 0 R/Info 3 0 R/ID [<"))
    }

    @Test func streamsCarryTheirLengthAndAreCompressedWhenThatHelps() throws {
        // Searched as bytes: the header comment and compressed data are not UTF-8.
        let bytes = try sampleFile().bytes
        let object = try #require(bytes.firstRange(of: Array("4 0 obj\n<<".utf8)))
        let dictionary = text(bytes[object.upperBound...].prefix { $0 != UInt8(ascii: ">") })
        #expect(dictionary.contains("/Filter /FlateDecode"))
        let length = try #require(Int(dictionary.components(separatedBy: "/Length ")[1].prefix { $0.isNumber }))
        #expect(length < 640)
        let start = try #require(bytes[object.upperBound...].firstRange(of: Array(">>\nstream\n".utf8)))
        #expect(text(bytes[(start.upperBound + length)...]).hasPrefix("\nendstream\nendobj\n"))
    }

    @Test func theIdentifierDependsOnTheContentOnly() throws {
        #expect(try sampleFile().bytes == sampleFile().bytes)
        #expect(FileIdentifier.digest(Array("a".utf8)) != FileIdentifier.digest(Array("b".utf8)))
        #expect(FileIdentifier.digest([]).count == 16)
    }

    @Test func aReservedButUndefinedObjectIsAnError() {
        var file = PDFFile()
        let root = file.reserve()
        _ = file.reserve()
        file.define(root, as: .dictionary(["Type": .name("Catalog")]))
        #expect(throws: PDFWriterError.undefinedObject(2)) { try file.serialize(root: root) }
    }
}
