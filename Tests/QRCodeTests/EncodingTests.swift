@testable import QRCode
import Testing

@Suite("Choosing the version and rendering the symbol")
struct EncodingTests {
    /// Each boundary of table 7: the last payload that fits a version, and one byte more.
    @Test(arguments: [(14, 1), (15, 2), (62, 4), (63, 5), (122, 7), (180, 9), (181, 10), (213, 10), (214, 11), (666, 20), (2331, 40)])
    func theSmallestVersionThatHoldsThePayloadIsChosen(byteCount: Int, version: Int) throws {
        let code = try QRCode.encode([UInt8](repeating: 0x5A, count: byteCount))
        #expect(code.version == version && code.size == 17 + 4 * version)
    }

    @Test func anEmptyPayloadIsAVersion1Symbol() throws {
        #expect(try QRCode.encode([]).version == 1)
    }

    @Test func onePastTheLargestSymbolIsRefused() {
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2332, maximumByteCount: 2331)) {
            try QRCode.encode([UInt8](repeating: 0, count: 2332))
        }
    }

    @Test func asciiTextIsEncodedAsItsBytesAlone() throws {
        let text = "HPFTZ-IRC-2026-000123"
        #expect(try QRCode.encode(text) == QRCode.encode(Array(text.utf8)))
    }

    @Test func textBeyondASCIIDeclaresUTF8() throws {
        let text = "Giấy chứng nhận"
        let declared = QRCode(encoding: Array(text.utf8), declaring: .utf8, version: 2)
        #expect(try QRCode.encode(text) == declared)
        #expect(try QRCode.encode(text) != QRCode.encode(Array(text.utf8)))
    }

    /// The UTF-8 declaration takes 12 bits, so version 40 holds one byte less of such text
    /// (its 18 640 bits left are 2 330 whole bytes).
    @Test func theDeclarationCountsAgainstTheCapacity() throws {
        let fits = String(repeating: "é", count: 1165)
        #expect(try QRCode.encode(fits).version == 40)
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2331, maximumByteCount: 2330)) {
            try QRCode.encode(fits + "a")
        }
    }

    /// The mask chosen is the one with the lowest penalty among all eight.
    @Test func theChosenMaskScoresLowest() throws {
        let payload = Array("https://ftz.example.vn/verify?number=HPFTZ-IRC-2026-000123".utf8)
        let code = try QRCode.encode(payload)
        let chosen = MaskPenalty.score(code.matrix)
        for pattern in MaskPattern.allCases {
            let alternative = QRCode(encoding: payload, version: code.version, mask: pattern)
            #expect(chosen <= MaskPenalty.score(alternative.matrix), "mask \(pattern.rawValue)")
        }
    }

    @Test func finderPatternsSitInThreeCorners() throws {
        let code = try QRCode.encode("finder")
        let n = code.size
        for (left, top) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            // Down the finder's middle column: dark, light, dark, dark, dark, light, dark.
            let column = (0..<7).map { code.isDark(x: left + 3, y: top + $0) }
            #expect(column == [true, false, true, true, true, false, true])
        }
        #expect((8..<(n - 8)).map { code.isDark(x: $0, y: 6) } == (8..<(n - 8)).map { $0 % 2 == 0 }, "timing row")
    }

    @Test func theRasterHasAQuietZoneAndScaledModules() throws {
        let code = try QRCode.encode("raster")
        let image = code.grayscalePixels(scale: 3, quietZone: 4)
        #expect(image.width == (code.size + 8) * 3 && image.height == image.width)
        #expect(image.pixels.count == image.width * image.height)
        #expect(image.pixels[0..<(image.width * 12)].allSatisfy { $0 == 255 }, "four light modules on top")
        let topLeftModule = 12 * image.width + 12
        #expect(image.pixels[topLeftModule] == 0 && image.pixels[topLeftModule + 2 + 2 * image.width] == 0)

        let pgm = code.pgm(scale: 3, quietZone: 4)
        let header = Array("P5\n\(image.width) \(image.height)\n255\n".utf8)
        #expect(Array(pgm.prefix(header.count)) == header && Array(pgm.dropFirst(header.count)) == image.pixels)
    }
}
