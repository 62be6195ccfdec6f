/// The ToUnicode CMap of a font drawn with two-byte glyph ids (ISO 32000-1, 9.10.3), so
/// text can be copied and searched. Runs where glyph ids and characters both go up by one
/// become bfrange lines; the rest are bfchar.
enum ToUnicodeCMap {
    static func make(_ texts: [UInt16: String]) -> [UInt8] {
        var ranges: [(first: UInt16, last: UInt16, text: [UInt16])] = []
        var singles: [(UInt16, [UInt16])] = []
        var pending: (first: UInt16, last: UInt16, text: [UInt16])?
        func close() {
            guard let run = pending else { return }
            if run.first == run.last { singles.append((run.first, run.text)) } else { ranges.append(run) }
            pending = nil
        }
        for glyph in texts.keys.sorted() {
            let units = Array(texts[glyph]!.utf16)
            if let run = pending, run.text.count == 1, units.count == 1, glyph == run.last &+ 1, glyph >> 8 == run.first >> 8,
               units[0] == run.text[0] &+ (glyph &- run.first), units[0] & 0xFF00 == run.text[0] & 0xFF00 {
                // A range may not cross a change of the first byte, on either side (9.10.3).
                pending?.last = glyph
                continue
            }
            close()
            pending = (glyph, glyph, units)
        }
        close()

        var text = """
        /CIDInit /ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        /CMapName /Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange
        <0000> <FFFF>
        endcodespacerange

        """
        // At most 100 entries per block, as the CMap format requires.
        for start in stride(from: 0, to: singles.count, by: 100) {
            let block = singles[start ..< min(start + 100, singles.count)]
            text += "\(block.count) beginbfchar\n"
            for (glyph, units) in block { text += "<\(hex(glyph))> <\(units.map(hex).joined())>\n" }
            text += "endbfchar\n"
        }
        for start in stride(from: 0, to: ranges.count, by: 100) {
            let block = ranges[start ..< min(start + 100, ranges.count)]
            text += "\(block.count) beginbfrange\n"
            for run in block { text += "<\(hex(run.first))> <\(hex(run.last))> <\(hex(run.text[0]))>\n" }
            text += "endbfrange\n"
        }
        text += """
        endcmap
        CMapName currentdict /CMap defineresource pop
        end
        end

        """
        return Array(text.utf8)
    }

    private static func hex(_ value: UInt16) -> String {
        PDFSerializer.hex(UInt8(value >> 8)) + PDFSerializer.hex(UInt8(value & 0xFF))
    }
}
