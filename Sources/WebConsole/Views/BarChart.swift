import Foundation
import HTTPSupport

/// A horizontal bar chart drawn on the server as SVG: readable without JavaScript, with
/// its own title for assistive technology, and always published beside a data table with
/// the same figures (what a screen reader reads in full, and what an export copies).
///
/// Each bar's label stands above its bar across the chart's whole width, wrapped onto as
/// many lines as it needs: a programme's title or a country's name is never cut. The chart
/// is drawn narrow (`width` units, about a phone's width) so that its text stays readable
/// when a phone shrinks it and when a wide screen enlarges it up to the stylesheet's limit.
///
/// Values are drawn against `scale` (1.0 for ratios); a value over the scale is drawn to
/// the edge and still labelled with its own figure.
struct BarChart: Sendable {
    struct Bar: Sendable {
        let label: String
        let value: Double?
        /// The figure written at the end of the bar ("87 %", "12 days").
        let caption: String
        /// One of `ok`, `warn`, `bad`, `none`: the bar's colour, as the status beside it says.
        let tone: String
    }

    let title: String
    let bars: [Bar]
    var scale: Double = 1
    /// A reference line, such as the target.
    var marker: Double?

    /// The drawing's width in SVG units; a dashboard tile draws a narrower chart.
    var width = 400.0
    static let fontSize = 12.0
    static let lineHeight = 15.0
    static let barHeight = 16.0
    static let gap = 12.0

    private static let colours = ["ok": "#1a6b34", "warn": "#8a5a00", "bad": "#a4161a", "none": "#4a5561"]

    /// The SVG element; `id` names its title for `aria-labelledby`.
    func svg(id: String) -> String {
        // The captions' column: as wide as the widest caption, within reason; a caption wider
        // still is drawn narrower (`textLength`) rather than cut at the chart's edge.
        let captionRoom = min(width * 0.6, (bars.map { Self.textWidth($0.caption) }.max() ?? 0) + 10)
        let plot = max(40, width - captionRoom)
        var rows: [String] = []
        var y = Self.gap
        for bar in bars {
            let lines = Self.wrapped(bar.label, room: width - 4)
            for (index, line) in lines.enumerated() {
                rows.append("<text x=\"0\" y=\"\(Self.number(y + Self.fontSize + Double(index) * Self.lineHeight))\" font-size=\"12\" fill=\"#1b1f24\">\(Self.escape(line))</text>")
            }
            let top = y + Double(lines.count) * Self.lineHeight + 3
            let share = max(0, min(1, (bar.value ?? 0) / scale))
            let colour = Self.colours[bar.tone] ?? Self.colours["none"]!
            rows.append("<rect x=\"0\" y=\"\(Self.number(top))\" width=\"\(Self.number(plot))\" height=\"\(Self.number(Self.barHeight))\" fill=\"#eef1f4\"/>")
            if bar.value != nil {
                rows.append("<rect x=\"0\" y=\"\(Self.number(top))\" width=\"\(Self.number((share * plot).rounded()))\" height=\"\(Self.number(Self.barHeight))\" fill=\"\(colour)\"/>")
            }
            if let marker {
                let x = Self.number((max(0, min(1, marker / scale)) * plot).rounded())
                rows.append("<line x1=\"\(x)\" y1=\"\(Self.number(top - 2))\" x2=\"\(x)\" y2=\"\(Self.number(top + Self.barHeight + 2))\" stroke=\"#1b1f24\" stroke-dasharray=\"3 2\"/>")
            }
            let squeezed = Self.textWidth(bar.caption) > width - plot - 8
                ? " textLength=\"\(Self.number((width - plot - 8).rounded(.down)))\" lengthAdjust=\"spacingAndGlyphs\"" : ""
            rows.append("<text x=\"\(Self.number(plot + 6))\" y=\"\(Self.number(top + 12.5))\" font-size=\"12\" fill=\"#1b1f24\"\(squeezed)>\(Self.escape(bar.caption))</text>")
            y = top + Self.barHeight + Self.gap
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(y.rounded(.up)))\" role=\"img\" aria-labelledby=\"\(id)-title\">"
            + "<title id=\"\(id)-title\">\(Self.escape(title))</title>" + rows.joined() + "</svg>"
    }

    /// The label in lines no wider than `room` units: broken at spaces, and between any two
    /// characters of Chinese, Japanese or Korean script except before closing punctuation
    /// or after opening punctuation; a word longer than a line is broken where it must be.
    static func wrapped(_ label: String, room: Double) -> [String] {
        let characters = Array(label.trimmingCharacters(in: .whitespacesAndNewlines))
        var lines: [String] = []
        var start = 0
        while start < characters.count {
            var used = 0.0
            var end = start
            var lastBreak: Int?
            while end < characters.count {
                let next = used + width(of: characters[end])
                if next > room, end > start { break }
                used = next
                end += 1
                if end < characters.count, canBreak(before: end, in: characters) { lastBreak = end }
            }
            if end < characters.count, let lastBreak, lastBreak > start { end = lastBreak }
            lines.append(String(characters[start..<end]).trimmingCharacters(in: .whitespaces))
            start = end
            while start < characters.count, characters[start] == " " { start += 1 }
        }
        return lines.isEmpty ? [""] : lines
    }

    /// Whether a line may end before `characters[index]`.
    private static func canBreak(before index: Int, in characters: [Character]) -> Bool {
        let previous = characters[index - 1], next = characters[index]
        if next == " " { return false }
        if previous == " " { return true }
        guard isWide(previous) || isWide(next) else { return previous == "-" || previous == "–" || previous == "/" }
        return !closing.contains(next) && !opening.contains(previous)
    }

    private static let closing: Set<Character> = ["）", ")", "」", "』", "、", "。", "，", "．", "：", "；", "！", "？", "・", "ー", "々", ",", ".", ":", ";", "%", "％", "]", "】", "〕"]
    private static let opening: Set<Character> = ["（", "(", "「", "『", "[", "【", "〔"]

    /// A text's estimated width in SVG units at the chart's font size, after the metrics of
    /// a wide sans-serif (DejaVu Sans, what Linux browsers fall back to): Chinese, Japanese and
    /// Korean characters are a full em, Latin letters (Vietnamese ones by their base letter)
    /// about 0.6 em. An estimate on the generous side only wraps a line a word early.
    static func textWidth(_ text: String) -> Double { text.reduce(0) { $0 + width(of: $1) } }

    private static func width(of character: Character) -> Double {
        if isWide(character) { return fontSize }
        let base = String(character).decomposedStringWithCanonicalMapping.first ?? character
        let em: Double = switch base {
        case " ": 0.32
        case "i", "j", "l", "'", "|", ".", ",", ":", ";", "!", "I": 0.3
        case "f", "t", "r", "(", ")", "[", "]", "-", "/": 0.42
        case "m", "M", "W": 0.98
        case "w": 0.82
        case _ where base.isUppercase: 0.74
        case _ where base.isNumber: 0.64
        default: 0.63
        }
        return fontSize * em
    }

    private static func isWide(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        return (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value)
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
