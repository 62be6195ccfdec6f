import FTZCore
@testable import PDFWriter
import Testing
import TestSupport

/// Our deflate is judged by qpdf's inflater: each sample is a stream in a small PDF, and
/// qpdf prints it decoded.
@Suite("Compressing streams for /FlateDecode")
struct ZlibCompressorTests {
    static let samples: [(name: String, data: [UInt8])] = {
        var generator = SplitMix64(seed: 29)
        let noise = (0 ..< 5000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let text = Array(String(repeating: "Công ty TNHH Năng lượng Gió Biển Đông ", count: 300).utf8)
        // Repeats at distances near and past the 32 KiB window.
        let far = noise + Array(repeating: 7, count: 27_000) + noise + noise
        return [("empty", []), ("one byte", [42]), ("noise", noise), ("text", text), ("zeros", Array(repeating: 0, count: 70_000)),
                ("far matches", far), ("all bytes", (0 ... 255).map(UInt8.init))]
    }()

    @Test func adler32MatchesTheReferenceValue() {
        // The checksum of "Wikipedia" commonly given as the worked example of RFC 1950's Adler-32.
        #expect(ZlibCompressor.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(ZlibCompressor.adler32([]) == 1)
    }

    @Test(arguments: samples.indices)
    func qpdfDecodesTheStreamToTheOriginalBytes(sample: Int) throws {
        let (name, data) = Self.samples[sample]
        var file = PDFFile()
        let stream = file.add(PDFStream(dictionary: ["Filter": .name("FlateDecode")], data: ZlibCompressor.compress(data), compress: false))
        let root = file.add(.dictionary(["Type": .name("Catalog")]))
        let scratch = try ScratchDirectory()
        let path = try scratch.write(try file.serialize(root: root).bytes, to: "sample.pdf")
        let result = try ExternalTool.run("qpdf", ["--show-object=\(stream.number)", "--filtered-stream-data", path])
        #expect(result.status == 0, "\(name): \(result.errors)")
        #expect(result.outputBytes == data, "\(name)")
    }

    @Test func repetitiveDataShrinks() {
        #expect(ZlibCompressor.compress(Array(repeating: 0, count: 70_000)).count < 1000)
        let text = Self.samples.first { $0.name == "text" }!.data
        #expect(ZlibCompressor.compress(text).count < text.count / 20)
    }

    @Test func aStreamThatWouldGrowIsLeftUncompressed() {
        let stream = PDFStream(data: [1, 2, 3])
        #expect(stream.data == [1, 2, 3] && stream.dictionary["Filter"] == nil)
    }
}
