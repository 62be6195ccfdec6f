/// Writes a font as a composite font (ISO 32000-1, 9.7): a Type0 font with Identity-H
/// encoding, so content streams carry two-byte glyph ids, over a CIDFontType2 whose CIDs
/// are its glyph ids, with widths, a descriptor, the subset program and a ToUnicode map.
enum FontEmbedder {
    static func embed(_ font: PDFFont, texts: [UInt16: String], characters: [UInt32: UInt16],
                      into file: inout PDFFile) throws(FontError) -> PDFReference {
        let program = font.program
        let glyphs = Set(texts.keys).union([0])
        let subset = try TrueTypeSubsetter.subset(program, glyphs: glyphs, characters: characters)
        let baseFont = PDFName(subsetTag(glyphs, name: program.postScriptName) + "+" + program.postScriptName)
        let scale = 1000 / Double(program.unitsPerEm)
        func scaled(_ value: Int) -> PDFObject { .real(Double(value) * scale) }

        let fontFile = file.add(PDFStream(dictionary: ["Length1": .integer(subset.count)], data: subset))
        let descriptor = file.add(.dictionary([
            "Type": .name("FontDescriptor"), "FontName": .name(baseFont),
            "Flags": .integer(flags(program)),
            "FontBBox": .array(program.boundingBox.map(scaled)),
            "ItalicAngle": .real(program.italicAngle),
            "Ascent": scaled(program.ascender), "Descent": scaled(program.descender),
            "CapHeight": scaled(program.capHeight),
            "StemV": .integer(stemV(weightClass: program.weightClass)),
            "FontFile2": .reference(fontFile),
        ]))
        let descendant = file.add(.dictionary([
            "Type": .name("Font"), "Subtype": .name("CIDFontType2"), "BaseFont": .name(baseFont),
            "CIDSystemInfo": .dictionary(["Registry": .string(.text("Adobe")), "Ordering": .string(.text("Identity")), "Supplement": 0]),
            "FontDescriptor": .reference(descriptor),
            "W": widths(glyphs.sorted(), program: program, scale: scale),
            "CIDToGIDMap": .name("Identity"),
        ]))
        let toUnicode = file.add(PDFStream(data: ToUnicodeCMap.make(texts)))
        return file.add(.dictionary([
            "Type": .name("Font"), "Subtype": .name("Type0"), "BaseFont": .name(baseFont),
            "Encoding": .name("Identity-H"), "DescendantFonts": [.reference(descendant)],
            "ToUnicode": .reference(toUnicode),
        ]))
    }

    /// Six capital letters naming this subset (9.6.4), derived from the glyphs it holds so
    /// the same text gives the same file, and different subsets of one font differ.
    static func subsetTag(_ glyphs: Set<UInt16>, name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(name.utf8) + glyphs.sorted().flatMap({ [UInt8($0 >> 8), UInt8($0 & 0xFF)] }) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var letters = ""
        for _ in 0 ..< 6 {
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(hash % 26))))
            hash /= 26
        }
        return letters
    }

    /// /W as `first [w1 w2 …]` groups of consecutive glyph ids (9.7.4.3).
    static func widths(_ glyphs: [UInt16], program: TrueTypeFont, scale: Double) -> PDFObject {
        var groups: [PDFObject] = []
        var first: UInt16?, run: [PDFObject] = [], previous: UInt16 = 0
        for glyph in glyphs {
            if let start = first, glyph != previous &+ 1 {
                groups += [.integer(Int(start)), .array(run)]
                first = nil
                run = []
            }
            if first == nil { first = glyph }
            run.append(.real(Double(program.advance(of: glyph)) * scale))
            previous = glyph
        }
        if let first { groups += [.integer(Int(first)), .array(run)] }
        return .array(groups)
    }

    /// Symbolic, because glyphs are reached by id and not through a standard Latin encoding;
    /// fixed pitch and italic as the font says (9.8.2).
    static func flags(_ program: TrueTypeFont) -> Int {
        var flags = 1 << 2
        if program.isFixedPitch { flags |= 1 << 0 }
        if program.italicAngle != 0 { flags |= 1 << 6 }
        return flags
    }

    /// TrueType fonts do not record a vertical stem width; this estimate from the weight
    /// class only matters to a reader that substitutes another font, and the font is embedded.
    static func stemV(weightClass: Int) -> Int {
        let weight = Double(max(weightClass - 50, 0)) / 900
        return Int((10 + 220 * weight * weight).rounded())
    }
}
