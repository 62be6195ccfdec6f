/// Writes a subset of a TrueType font that keeps every glyph id (so CID = GID in the PDF)
/// but empties the outlines and metrics of glyphs that are not used: the offsets and
/// zeroes left behind compress to almost nothing, and no glyph id inside composite glyphs
/// or the content streams has to be renumbered.
enum TrueTypeSubsetter {
    /// Tables a PDF renderer uses (ISO 32000-1, 9.9: the glyph program, metrics and the
    /// hinting programs), plus OS/2 and a short post and cmap for tools that inspect the
    /// font on its own. Names, glyph names, kerning and layout tables are dropped.
    static let copiedTables: Set<String> = ["OS/2", "cvt ", "fpgm", "hhea", "maxp", "prep"]

    /// - Parameters:
    ///   - glyphs: the glyphs drawn; .notdef and the components of composite glyphs are added.
    ///   - characters: the characters drawn, for the subset's own cmap.
    static func subset(_ font: TrueTypeFont, glyphs: Set<UInt16>, characters: [UInt32: UInt16]) throws(FontError) -> [UInt8] {
        let kept = try closure(of: glyphs.union([0]), in: font)
        var tables: [String: [UInt8]] = [:]
        for tag in copiedTables {
            if let range = font.tables[tag] { tables[tag] = Array(font.data.bytes[range]) }
        }

        var glyf: [UInt8] = [], loca: [UInt8] = []
        for glyph in 0 ..< font.glyphCount {
            appendUInt32(&loca, UInt32(glyf.count))
            guard kept.contains(UInt16(glyph)) else { continue }
            glyf += font.glyphData(UInt16(glyph))
            while glyf.count % 4 != 0 { glyf.append(0) }
        }
        appendUInt32(&loca, UInt32(glyf.count))
        tables["glyf"] = glyf
        tables["loca"] = loca

        let horizontalMetricsCount = Int(try font.data.uint16(at: font.tables["hhea"]!.lowerBound + 34))
        let hmtx = font.tables["hmtx"]!.lowerBound
        var metrics: [UInt8] = []
        for glyph in 0 ..< font.glyphCount {
            let isLong = glyph < horizontalMetricsCount
            let offset = isLong ? hmtx + 4 * glyph : hmtx + 4 * horizontalMetricsCount + 2 * (glyph - horizontalMetricsCount)
            let size = isLong ? 4 : 2
            if kept.contains(UInt16(glyph)) {
                metrics += try font.data.slice(offset ..< offset + size)
            } else {
                metrics += Array(repeating: 0, count: size)
            }
        }
        tables["hmtx"] = metrics

        var head = Array(font.data.bytes[font.tables["head"]!])
        head.replaceSubrange(50 ..< 52, with: [0, 1]) // the loca just written has long offsets
        tables["head"] = head

        if let post = font.tables["post"], post.count >= 32 {
            // Version 3: the same metrics, no glyph names.
            tables["post"] = [0, 3, 0, 0] + Array(font.data.bytes[post.lowerBound + 4 ..< post.lowerBound + 32])
        }
        tables["cmap"] = characterMap(characters)
        return SFNTWriter.write(tables)
    }

    /// The glyphs plus, recursively, the components of the composite ones among them.
    static func closure(of glyphs: Set<UInt16>, in font: TrueTypeFont) throws(FontError) -> Set<UInt16> {
        var kept = Set<UInt16>()
        var pending = Array(glyphs)
        while let glyph = pending.popLast() {
            guard Int(glyph) < font.glyphCount, kept.insert(glyph).inserted else { continue }
            pending += try components(of: font.glyphData(glyph))
        }
        return kept
    }

    /// The glyph ids a composite glyph refers to (OpenType glyf, "Composite glyph description").
    static func components(of glyph: ArraySlice<UInt8>) throws(FontError) -> [UInt16] {
        let reader = FontDataReader(bytes: Array(glyph))
        guard reader.bytes.count >= 10, try reader.int16(at: 0) < 0 else { return [] }
        var components: [UInt16] = []
        var offset = 10
        while true {
            let flags = try reader.uint16(at: offset)
            components.append(try reader.uint16(at: offset + 2))
            offset += 4
            offset += flags & 0x0001 != 0 ? 4 : 2 // arguments are words or bytes
            if flags & 0x0008 != 0 { offset += 2 } // one scale
            else if flags & 0x0040 != 0 { offset += 4 } // x and y scales
            else if flags & 0x0080 != 0 { offset += 8 } // a two-by-two matrix
            guard flags & 0x0020 != 0 else { return components } // no more components
            guard components.count < 1024 else { throw .malformed("composite glyph") }
        }
    }

    /// A format 4 cmap with one segment per character (plane 0 only). Its 16-bit length
    /// holds some 8,000 segments; a document drawing more characters than that from one
    /// font keeps the first, which only tools inspecting the font alone would notice.
    static func characterMap(_ characters: [UInt32: UInt16]) -> [UInt8] {
        let codes = Array(characters.keys.filter { $0 < 0xFFFF }.sorted().prefix(8_000))
        let segmentCount = codes.count + 1
        var power = 1
        while power * 2 <= segmentCount { power *= 2 }
        var subtable: [UInt8] = []
        for value in [4, 16 + 8 * segmentCount, 0, 2 * segmentCount, 2 * power, power.trailingZeroBitCount, 2 * segmentCount - 2 * power] {
            appendUInt16(&subtable, UInt16(value))
        }
        for code in codes { appendUInt16(&subtable, UInt16(code)) }
        appendUInt16(&subtable, 0xFFFF)
        appendUInt16(&subtable, 0) // reserved padding
        for code in codes { appendUInt16(&subtable, UInt16(code)) }
        appendUInt16(&subtable, 0xFFFF)
        for code in codes { appendUInt16(&subtable, UInt16(truncatingIfNeeded: Int(characters[code]!) - Int(code))) }
        appendUInt16(&subtable, 1)
        for _ in 0 ..< segmentCount { appendUInt16(&subtable, 0) }
        var table: [UInt8] = []
        for value in [0, 1, 3, 1] { appendUInt16(&table, UInt16(value)) } // version, one record: Windows Unicode BMP
        appendUInt32(&table, 12)
        return table + subtable
    }
}

func appendUInt16(_ bytes: inout [UInt8], _ value: UInt16) {
    bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
}

func appendUInt32(_ bytes: inout [UInt8], _ value: UInt32) {
    bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}
