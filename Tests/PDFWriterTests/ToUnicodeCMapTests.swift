@testable import PDFWriter
import Testing

@Suite("ToUnicode maps")
struct ToUnicodeCMapTests {
    @Test func consecutiveGlyphsAndCharactersBecomeRangesAndTheRestSingles() {
        let cmap = String(decoding: ToUnicodeCMap.make([0x24: "A", 0x25: "B", 0x26: "C", 0x30: "ệ", 0x1FF: "x", 0x200: "y", 0x300: "ff"]), as: UTF8.self)
        #expect(cmap.contains("1 beginbfrange\n<0024> <0026> <0041>\nendbfrange"))
        // 0x1FF and 0x200 differ in their first byte, so they may not share a range.
        #expect(cmap.contains("4 beginbfchar\n<0030> <1EC7>\n<01FF> <0078>\n<0200> <0079>\n<0300> <00660066>\nendbfchar"))
        #expect(cmap.contains("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange"))
    }

    @Test func blocksHoldAtMostOneHundredEntries() {
        // Every other glyph, so none can form a range.
        var texts: [UInt16: String] = [:]
        for index in 0 ..< 150 { texts[UInt16(2 * index)] = "x" }
        let cmap = String(decoding: ToUnicodeCMap.make(texts), as: UTF8.self)
        #expect(cmap.contains("100 beginbfchar") && cmap.contains("50 beginbfchar"))
    }
}
