/// One page and what is drawn on it, in PDF coordinates (see `PDFPoint`). Drawing writes
/// the content stream at once and records the glyphs each font needs, so the document
/// can embed just those.
public struct PDFPage: Sendable {
    public enum TextAlignment: Sendable { case left, center, right }

    public let size: PDFPageSize
    private(set) var content = ""
    private(set) var fonts: [FontUse] = []
    private(set) var images: [PDFImage] = []

    /// A font drawn on this page, under its resource name, with the glyphs drawn.
    struct FontUse: Sendable {
        let font: PDFFont
        let resourceName: String
        /// Glyph id → the text it was drawn for (the first, if several share a glyph).
        var texts: [UInt16: String] = [:]
        /// Character → glyph id, for the subset's own cmap.
        var characters: [UInt32: UInt16] = [:]
    }

    public init(size: PDFPageSize = .a4) {
        self.size = size
    }

    /// Draws one line of text with its baseline at `point.y`; `point.x` is where the text
    /// starts, centres or ends, by `alignment`.
    public mutating func drawText(_ text: String, at point: PDFPoint, font: PDFFont, size: Double,
                                  color: PDFColor = .black, alignment: TextAlignment = .left) {
        let glyphs = font.glyphs(for: text)
        guard !glyphs.isEmpty else { return }
        let width = Double(glyphs.reduce(0) { $0 + $1.advance }) * size / Double(font.program.unitsPerEm)
        let x = switch alignment {
        case .left: point.x
        case .center: point.x - width / 2
        case .right: point.x - width
        }
        let resource = record(glyphs, of: font)
        let codes = glyphs.map { PDFSerializer.hex(UInt8($0.id >> 8)) + PDFSerializer.hex(UInt8($0.id & 0xFF)) }.joined()
        append("q \(color.operation(stroking: false)) BT /\(resource) \(number(size)) Tf 1 0 0 1 \(number(x)) \(number(point.y)) Tm <\(codes)> Tj ET Q")
    }

    /// Draws a paragraph wrapped to `width`, its first line's top at `top`, and returns
    /// the y just below its last line, where the next block can start.
    @discardableResult
    public mutating func drawParagraph(_ text: String, x: Double, top: Double, width: Double, font: PDFFont, size: Double,
                                       lineHeight: Double? = nil, color: PDFColor = .black, alignment: TextAlignment = .left) -> Double {
        let leading = lineHeight ?? font.lineHeight(size: size)
        var baseline = top - font.ascent(size: size)
        let anchor = switch alignment {
        case .left: x
        case .center: x + width / 2
        case .right: x + width
        }
        for line in font.wrap(text, size: size, width: width) {
            drawText(line, at: PDFPoint(x: anchor, y: baseline), font: font, size: size, color: color, alignment: alignment)
            baseline -= leading
        }
        return baseline + leading - font.descent(size: size)
    }

    public mutating func drawLine(from start: PDFPoint, to end: PDFPoint, width: Double = 1, color: PDFColor = .black) {
        append("q \(number(width)) w \(color.operation(stroking: true)) \(number(start.x)) \(number(start.y)) m \(number(end.x)) \(number(end.y)) l S Q")
    }

    /// Draws a rectangle filled, outlined, or both (nothing if both colours are nil).
    public mutating func drawRectangle(_ rect: PDFRect, fill: PDFColor? = nil, stroke: PDFColor? = nil, lineWidth: Double = 1) {
        let paint: String
        switch (fill, stroke) {
        case (nil, nil): return
        case (_?, nil): paint = "f"
        case (nil, _?): paint = "S"
        case (_?, _?): paint = "B"
        }
        var operations = ["q"]
        if let fill { operations.append(fill.operation(stroking: false)) }
        if let stroke { operations += ["\(number(lineWidth)) w", stroke.operation(stroking: true)] }
        operations += ["\(number(rect.x)) \(number(rect.y)) \(number(rect.width)) \(number(rect.height)) re", paint, "Q"]
        append(operations.joined(separator: " "))
    }

    /// Draws an image stretched to fill `rect`.
    public mutating func drawImage(_ image: PDFImage, in rect: PDFRect) {
        images.append(image)
        append("q \(number(rect.width)) 0 0 \(number(rect.height)) \(number(rect.x)) \(number(rect.y)) cm /Im\(images.count) Do Q")
    }

    private mutating func record(_ glyphs: [PDFFont.Glyph], of font: PDFFont) -> String {
        let use: Int
        if let existing = fonts.firstIndex(where: { $0.font === font }) {
            use = existing
        } else {
            fonts.append(FontUse(font: font, resourceName: "F\(fonts.count + 1)"))
            use = fonts.count - 1
        }
        for glyph in glyphs where glyph.id != 0 {
            if fonts[use].texts[glyph.id] == nil { fonts[use].texts[glyph.id] = glyph.text }
            if let scalar = glyph.text.unicodeScalars.first, glyph.text.unicodeScalars.count == 1 {
                fonts[use].characters[scalar.value] = glyph.id
            }
        }
        return fonts[use].resourceName
    }

    private mutating func append(_ operations: String) {
        content += operations + "\n"
    }

    private func number(_ value: Double) -> String { PDFSerializer.number(value) }
}
