/// A parsed TrueType font: the tables a PDF embedding needs, read once (OpenType spec,
/// "The OpenType font file"). Only glyf outlines are supported: CFF fonts would need a
/// different descendant font (FontFile3) and a CFF subsetter.
struct TrueTypeFont: Sendable {
    let data: FontDataReader
    /// Byte ranges of the tables in `data`, by tag.
    let tables: [String: Range<Int>]
    let unitsPerEm: Int
    /// xMin, yMin, xMax, yMax over all glyphs, in font units.
    let boundingBox: [Int]
    let ascender: Int
    let descender: Int
    let lineGap: Int
    let capHeight: Int
    let italicAngle: Double
    let isFixedPitch: Bool
    let weightClass: Int
    let postScriptName: String
    let glyphCount: Int
    let advanceWidths: [UInt16]
    /// `glyphOffsets[g] ..< glyphOffsets[g + 1]` is glyph g within the glyf table.
    let glyphOffsets: [Int]
    /// Unicode scalar value to glyph id.
    let characterMap: [UInt32: UInt16]

    init(bytes: [UInt8]) throws(FontError) {
        let data = FontDataReader(bytes: bytes)
        self.data = data
        let version = try data.uint32(at: 0)
        guard version == 0x0001_0000 || version == 0x7472_7565 /* 'true' */ else { throw .notTrueType }
        var tables: [String: Range<Int>] = [:]
        for index in 0 ..< Int(try data.uint16(at: 4)) {
            let record = 12 + 16 * index
            let tag = String(decoding: try data.slice(record ..< record + 4), as: UTF8.self)
            let offset = Int(try data.uint32(at: record + 8)), length = Int(try data.uint32(at: record + 12))
            guard offset + length <= bytes.count else { throw .truncated }
            tables[tag] = offset ..< offset + length
        }
        self.tables = tables
        func table(_ tag: String) throws(FontError) -> Int {
            guard let range = tables[tag] else { throw .missingTable(tag) }
            return range.lowerBound
        }

        let head = try table("head")
        unitsPerEm = Int(try data.uint16(at: head + 18))
        guard unitsPerEm > 0 else { throw .malformed("head.unitsPerEm") }
        boundingBox = [Int(try data.int16(at: head + 36)), Int(try data.int16(at: head + 38)),
                       Int(try data.int16(at: head + 40)), Int(try data.int16(at: head + 42))]
        let longOffsets = try data.int16(at: head + 50) == 1

        let hhea = try table("hhea")
        ascender = Int(try data.int16(at: hhea + 4))
        descender = Int(try data.int16(at: hhea + 6))
        lineGap = Int(try data.int16(at: hhea + 8))
        let horizontalMetricsCount = Int(try data.uint16(at: hhea + 34))

        glyphCount = Int(try data.uint16(at: try table("maxp") + 4))
        guard horizontalMetricsCount >= 1, horizontalMetricsCount <= glyphCount else { throw .malformed("hhea.numberOfHMetrics") }

        let hmtx = try table("hmtx")
        var advances: [UInt16] = []
        advances.reserveCapacity(glyphCount)
        for glyph in 0 ..< horizontalMetricsCount { advances.append(try data.uint16(at: hmtx + 4 * glyph)) }
        // Glyphs past the last long metric share its advance (the monospaced tail).
        advances += Array(repeating: advances[horizontalMetricsCount - 1], count: glyphCount - horizontalMetricsCount)
        advanceWidths = advances

        let loca = try table("loca")
        let glyfLength = tables["glyf"]?.count ?? 0
        var offsets: [Int] = []
        offsets.reserveCapacity(glyphCount + 1)
        for glyph in 0 ... glyphCount {
            let offset = longOffsets ? Int(try data.uint32(at: loca + 4 * glyph)) : 2 * Int(try data.uint16(at: loca + 2 * glyph))
            guard offset <= glyfLength, offset >= (offsets.last ?? 0) else { throw .malformed("loca") }
            offsets.append(offset)
        }
        glyphOffsets = offsets
        _ = try table("glyf")

        var weightClass = 400, capHeight: Int?
        if let os2 = tables["OS/2"] {
            let fsType = try data.uint16(at: os2.lowerBound + 8)
            // Bit 1 alone is "restricted licence embedding"; bit 8 forbids subsetting, the only way we embed.
            if fsType & 0x000F == 0x0002 || fsType & 0x0100 != 0 { throw .embeddingNotPermitted }
            weightClass = Int(try data.uint16(at: os2.lowerBound + 4))
            if try data.uint16(at: os2.lowerBound) >= 2, os2.count >= 90 { capHeight = Int(try data.int16(at: os2.lowerBound + 88)) }
        }
        self.weightClass = weightClass

        if let post = tables["post"] {
            italicAngle = Double(Int32(bitPattern: try data.uint32(at: post.lowerBound + 4))) / 65536
            isFixedPitch = try data.uint32(at: post.lowerBound + 12) != 0
        } else {
            italicAngle = 0
            isFixedPitch = false
        }
        let characterMap = try TrueTypeCharacterMap.parse(data, table: try table("cmap"))
        self.characterMap = characterMap
        postScriptName = try Self.postScriptName(data, table: tables["name"]?.lowerBound)

        // OS/2 before version 2 has no cap height: the top of "H" is what it would say.
        if let capHeight {
            self.capHeight = capHeight
        } else if let glyph = characterMap[0x48], let top = try Self.glyphTop(data, glyf: try table("glyf"), offsets: offsets, glyph: glyph) {
            self.capHeight = top
        } else {
            self.capHeight = ascender
        }
    }

    func advance(of glyph: UInt16) -> Int {
        Int(glyph) < advanceWidths.count ? Int(advanceWidths[Int(glyph)]) : 0
    }

    /// The outline bytes of a glyph (empty for a blank glyph such as the space).
    func glyphData(_ glyph: UInt16) -> ArraySlice<UInt8> {
        let glyf = tables["glyf"]!.lowerBound
        let index = Int(glyph)
        guard index < glyphCount else { return [] }
        return data.bytes[glyf + glyphOffsets[index] ..< glyf + glyphOffsets[index + 1]]
    }

    private static func glyphTop(_ data: FontDataReader, glyf: Int, offsets: [Int], glyph: UInt16) throws(FontError) -> Int? {
        let index = Int(glyph)
        guard index + 1 < offsets.count, offsets[index + 1] - offsets[index] >= 10 else { return nil }
        return Int(try data.int16(at: glyf + offsets[index] + 8))
    }

    /// Name id 6, from the Windows Unicode record or else the Macintosh Roman one; reduced
    /// to the characters a PDF /BaseFont may carry.
    private static func postScriptName(_ data: FontDataReader, table: Int?) throws(FontError) -> String {
        guard let table else { return "Font" }
        let count = Int(try data.uint16(at: table + 2))
        let storage = table + Int(try data.uint16(at: table + 4))
        var found: String?
        for index in 0 ..< count {
            let record = table + 6 + 12 * index
            let platform = try data.uint16(at: record), nameID = try data.uint16(at: record + 6)
            guard nameID == 6 else { continue }
            let length = Int(try data.uint16(at: record + 8)), offset = storage + Int(try data.uint16(at: record + 10))
            let bytes = try data.slice(offset ..< offset + length)
            if platform == 3 {
                let units = stride(from: bytes.startIndex, to: bytes.endIndex - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
                found = String(decoding: units, as: UTF16.self)
                break
            } else if platform == 1 {
                found = String(decoding: bytes, as: UTF8.self)
            }
        }
        let allowed = (found ?? "").unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && !"()<>[]{}/%#".unicodeScalars.contains($0) }
        return allowed.isEmpty ? "Font" : String(allowed)
    }
}
