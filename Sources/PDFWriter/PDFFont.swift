import Foundation

/// A TrueType font to draw text with, embedded as a subset of the glyphs actually drawn.
/// Parse it once and share it: it is immutable, and documents recognise it by identity.
public final class PDFFont: Sendable {
    let program: TrueTypeFont

    /// The font's PostScript name, which becomes the PDF /BaseFont after the subset tag.
    public var postScriptName: String { program.postScriptName }

    public init(trueTypeData: [UInt8]) throws(FontError) {
        program = try TrueTypeFont(bytes: trueTypeData)
    }

    /// A glyph to draw and the text it stands for (for ToUnicode).
    struct Glyph: Equatable {
        let id: UInt16
        let text: String
        let advance: Int
    }

    /// One glyph per character of the NFC form (Vietnamese letters are precomposed in
    /// DejaVu). A character the font lacks is drawn from its canonical decomposition when
    /// the font has every part (a base letter and combining marks), else as .notdef.
    func glyphs(for text: String) -> [Glyph] {
        var glyphs: [Glyph] = []
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if let id = program.characterMap[scalar.value] {
                glyphs.append(Glyph(id: id, text: String(scalar), advance: program.advance(of: id)))
                continue
            }
            let parts = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            let ids = parts.compactMap { program.characterMap[$0.value] }
            if ids.count == parts.count, parts.count > 1 {
                for (id, part) in zip(ids, parts) { glyphs.append(Glyph(id: id, text: String(part), advance: program.advance(of: id))) }
            } else {
                glyphs.append(Glyph(id: 0, text: String(scalar), advance: program.advance(of: 0)))
            }
        }
        return glyphs
    }

    /// Whether every character of `text` has a glyph of its own or from its decomposition.
    public func canDraw(_ text: String) -> Bool {
        !glyphs(for: text).contains { $0.id == 0 }
    }

    /// The advance width of `text` set at `size` points, in points.
    public func width(of text: String, size: Double) -> Double {
        Double(glyphs(for: text).reduce(0) { $0 + $1.advance }) * size / Double(program.unitsPerEm)
    }

    /// Height above the baseline at `size` points.
    public func ascent(size: Double) -> Double { Double(program.ascender) * size / Double(program.unitsPerEm) }

    /// Depth below the baseline at `size` points, as a positive number.
    public func descent(size: Double) -> Double { Double(-program.descender) * size / Double(program.unitsPerEm) }

    /// The font's own baseline-to-baseline distance at `size` points.
    public func lineHeight(size: Double) -> Double {
        Double(program.ascender - program.descender + program.lineGap) * size / Double(program.unitsPerEm)
    }
}
