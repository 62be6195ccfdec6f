@testable import PDFWriter
import Testing

@Suite("Reading and subsetting TrueType fonts")
struct TrueTypeTests {
    static let vietnameseLetters = "ẮẰẲẴẶắằẳẵặẤẦẨẪẬấầẩẫậĐđƯưỨỪỬỮỰứừửữựƠơỚỜỞỠỢớờởỡợÊêẾỀỂỄỆếềểễệỐỒỔỖỘốồổỗộ"

    @Test func theBundledFontsLoadWithTheirMetricsAndNames() throws {
        let regular = try BundledFont.dejaVuSans.load()
        let bold = try BundledFont.dejaVuSansBold.load()
        #expect(regular.postScriptName == "DejaVuSans" && bold.postScriptName == "DejaVuSans-Bold")
        #expect(regular.program.unitsPerEm == 2048 && regular.program.glyphCount == 6253)
        #expect(regular.program.weightClass == 400 && bold.program.weightClass == 700)
        #expect(regular.program.capHeight > 1400 && regular.program.capHeight < regular.program.ascender)
    }

    @Test func everyVietnameseLetterHasAPrecomposedGlyph() throws {
        let font = try BundledFont.dejaVuSans.load()
        for letter in Self.vietnameseLetters.unicodeScalars {
            #expect(font.program.characterMap[letter.value] != nil, "U+\(String(letter.value, radix: 16, uppercase: true))")
        }
        #expect(font.canDraw(Self.vietnameseLetters))
        #expect(!font.canDraw("中"), "DejaVu has no CJK glyphs")
    }

    @Test func decomposedInputIsDrawnWithThePrecomposedGlyphs() throws {
        let font = try BundledFont.dejaVuSans.load()
        let decomposed = "Đ\u{0061}\u{0302}\u{0300}u" // "Đầu" typed with combining marks
        let glyphs = font.glyphs(for: decomposed)
        #expect(glyphs.map(\.text) == ["Đ", "ầ", "u"])
        #expect(glyphs.map(\.id) == font.glyphs(for: "Đầu").map(\.id))
    }

    @Test func widthsComeFromTheAdvancesAndWrappingRespectsThem() throws {
        let font = try BundledFont.dejaVuSans.load()
        let advance = Double(font.program.advance(of: font.program.characterMap[0x41]!))
        #expect(abs(font.width(of: "AA", size: 10) - 2 * advance * 10 / 2048) < 1e-9)
        let text = "Công ty TNHH Năng lượng Gió Biển Đông được cấp giấy chứng nhận đăng ký đầu tư tại Khu thương mại tự do Hải Phòng"
        let lines = font.wrap(text, size: 11, width: 200)
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { font.width(of: $0, size: 11) <= 200 })
        #expect(lines.joined(separator: " ") == text)
        #expect(font.wrap("Mộtđoạnrấtdàikhôngcókhoảngtrắng", size: 11, width: 40).allSatisfy { font.width(of: $0, size: 11) <= 40 })
        #expect(font.wrap("a\n\nb", size: 11, width: 100) == ["a", "", "b"])
    }

    @Test func theSubsetKeepsGlyphIdsAndEmptiesTheRest() throws {
        let font = try BundledFont.dejaVuSans.load().program
        let characters = Dictionary(uniqueKeysWithValues: "Ắệưđ A".unicodeScalars.map { ($0.value, font.characterMap[$0.value]!) })
        let used = Set(characters.values)
        let subset = try TrueTypeSubsetter.subset(font, glyphs: used, characters: characters)
        // Glyph ids are kept, so loca and hmtx stay full length, but as zeroes and repeats.
        #expect(ZlibCompressor.compress(subset).count < 8_000)

        let reread = try TrueTypeFont(bytes: subset)
        #expect(reread.glyphCount == font.glyphCount && reread.unitsPerEm == font.unitsPerEm)
        let kept = try TrueTypeSubsetter.closure(of: used.union([0]), in: font)
        for glyph in 0 ..< UInt16(font.glyphCount) {
            if kept.contains(glyph) {
                #expect(reread.glyphData(glyph).elementsEqual(font.glyphData(glyph)))
                #expect(reread.advance(of: glyph) == font.advance(of: glyph))
            } else {
                #expect(reread.glyphData(glyph).isEmpty)
            }
        }
        #expect(reread.characterMap == characters, "the subset's cmap maps just the characters drawn")
    }

    @Test func compositeGlyphsBringTheirComponents() throws {
        let font = try BundledFont.dejaVuSans.load().program
        let glyph = font.characterMap[0x1EAE]! // Ắ
        let components = try TrueTypeSubsetter.components(of: font.glyphData(glyph))
        #expect(!components.isEmpty)
        #expect(try TrueTypeSubsetter.closure(of: [glyph], in: font).isSuperset(of: components))
    }

    @Test func theSubsetChecksumsAreThoseOfItsTables() throws {
        let font = try BundledFont.dejaVuSansBold.load().program
        let subset = try TrueTypeSubsetter.subset(font, glyphs: [font.characterMap[0x47]!], characters: [0x47: font.characterMap[0x47]!])
        #expect(SFNTWriter.checksum(subset) == 0xB1B0_AFBA, "head.checkSumAdjustment balances the whole file")
        let reader = FontDataReader(bytes: subset)
        var tags: [String] = []
        for index in 0 ..< Int(try reader.uint16(at: 4)) {
            let record = 12 + 16 * index
            let tag = String(decoding: subset[record ..< record + 4], as: UTF8.self)
            tags.append(tag)
            let offset = Int(try reader.uint32(at: record + 8)), length = Int(try reader.uint32(at: record + 12))
            #expect(offset % 4 == 0)
            var table = Array(subset[offset ..< offset + length])
            if tag == "head" { table.replaceSubrange(8 ..< 12, with: [0, 0, 0, 0]) }
            #expect(SFNTWriter.checksum(table) == (try reader.uint32(at: record + 4)), "\(tag)")
        }
        #expect(tags == ["OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "post", "prep"])
    }

    @Test func malformedFontsAreErrorsNotCrashes() {
        #expect(throws: FontError.truncated) { try PDFFont(trueTypeData: []) }
        #expect(throws: FontError.notTrueType) { try PDFFont(trueTypeData: Array("OTTO".utf8) + Array(repeating: 0, count: 20)) }
        #expect(throws: FontError.missingTable("head")) { try PDFFont(trueTypeData: [0, 1, 0, 0] + Array(repeating: 0, count: 8)) }
    }
}
