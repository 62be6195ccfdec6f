/// Reads a font's cmap into Unicode scalar → glyph id: format 12 (all planes) when the
/// font has it, else format 4 (the Basic Multilingual Plane, enough for Vietnamese).
enum TrueTypeCharacterMap {
    static func parse(_ data: FontDataReader, table: Int) throws(FontError) -> [UInt32: UInt16] {
        var full: Int?, basic: Int?
        for index in 0 ..< Int(try data.uint16(at: table + 2)) {
            let record = table + 4 + 8 * index
            let platform = try data.uint16(at: record), encoding = try data.uint16(at: record + 2)
            let subtable = table + Int(try data.uint32(at: record + 4))
            let isUnicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            guard isUnicode else { continue }
            switch try data.uint16(at: subtable) {
            case 12: full = full ?? subtable
            case 4: basic = basic ?? subtable
            default: continue
            }
        }
        if let full { return try format12(data, at: full) }
        if let basic { return try format4(data, at: basic) }
        throw .malformed("cmap has no Unicode subtable of format 4 or 12")
    }

    private static func format4(_ data: FontDataReader, at subtable: Int) throws(FontError) -> [UInt32: UInt16] {
        let segmentCount = Int(try data.uint16(at: subtable + 6)) / 2
        let ends = subtable + 14
        let starts = ends + 2 * segmentCount + 2
        let deltas = starts + 2 * segmentCount
        let rangeOffsets = deltas + 2 * segmentCount
        var map: [UInt32: UInt16] = [:]
        for segment in 0 ..< segmentCount {
            let end = Int(try data.uint16(at: ends + 2 * segment)), start = Int(try data.uint16(at: starts + 2 * segment))
            let delta = Int(try data.uint16(at: deltas + 2 * segment))
            let rangeOffsetPosition = rangeOffsets + 2 * segment
            let rangeOffset = Int(try data.uint16(at: rangeOffsetPosition))
            guard start <= end else { continue }
            for code in start ... end where code != 0xFFFF {
                var glyph: Int
                if rangeOffset == 0 {
                    glyph = code + delta
                } else {
                    // The offset is relative to its own position in the idRangeOffset array.
                    glyph = Int(try data.uint16(at: rangeOffsetPosition + rangeOffset + 2 * (code - start)))
                    if glyph != 0 { glyph += delta }
                }
                glyph &= 0xFFFF
                if glyph != 0 { map[UInt32(code)] = UInt16(glyph) }
            }
        }
        return map
    }

    private static func format12(_ data: FontDataReader, at subtable: Int) throws(FontError) -> [UInt32: UInt16] {
        let groupCount = Int(try data.uint32(at: subtable + 12))
        var map: [UInt32: UInt16] = [:]
        for group in 0 ..< groupCount {
            let record = subtable + 16 + 12 * group
            let start = try data.uint32(at: record), end = try data.uint32(at: record + 4)
            let firstGlyph = try data.uint32(at: record + 8)
            // Bounded by the Unicode range, so a damaged group cannot make us loop for billions.
            guard start <= end, end <= 0x10FFFF else { throw .malformed("cmap format 12 group") }
            for code in start ... end {
                let glyph = firstGlyph + (code - start)
                guard glyph <= 0xFFFF else { throw .malformed("cmap format 12 glyph id") }
                if glyph != 0 { map[code] = UInt16(glyph) }
            }
        }
        return map
    }
}
