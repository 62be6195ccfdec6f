import Foundation
import HTTPSupport

/// A horizontal bar chart drawn on the server as SVG: readable without JavaScript, with
/// its own title for assistive technology, and always published beside a data table with
/// the same figures (what a screen reader reads in full, and what an export copies).
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

    /// The drawing's width and its labels' column; a dashboard tile draws a narrow chart.
    var width = 640.0
    var labelWidth = 250.0
    static let barHeight = 22.0
    static let gap = 10.0

    private static let colours = ["ok": "#1a6b34", "warn": "#8a5a00", "bad": "#a4161a", "none": "#4a5561"]

    /// The SVG element; `id` names its title for `aria-labelledby`.
    func svg(id: String) -> String {
        let height = Double(bars.count) * (Self.barHeight + Self.gap) + Self.gap
        let plot = width - labelWidth - 80
        var parts: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title\">",
            "<title id=\"\(id)-title\">\(Self.escape(title))</title>",
        ]
        for (index, bar) in bars.enumerated() {
            let y = Self.gap + Double(index) * (Self.barHeight + Self.gap)
            let share = max(0, min(1, (bar.value ?? 0) / scale))
            let length = (share * plot).rounded()
            let colour = Self.colours[bar.tone] ?? Self.colours["none"]!
            parts.append("<text x=\"\(Int(labelWidth - 8))\" y=\"\(Int(y + 16))\" text-anchor=\"end\" font-size=\"12\" fill=\"#1b1f24\">\(Self.escape(Self.shortened(bar.label, room: labelWidth < 200 ? 12 : 30)))</text>")
            parts.append("<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y))\" width=\"\(Int(plot))\" height=\"\(Int(Self.barHeight))\" fill=\"#eef1f4\"/>")
            if bar.value != nil {
                parts.append("<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y))\" width=\"\(Int(length))\" height=\"\(Int(Self.barHeight))\" fill=\"\(colour)\"/>")
            }
            parts.append("<text x=\"\(Int(labelWidth + plot + 6))\" y=\"\(Int(y + 16))\" font-size=\"12\" fill=\"#1b1f24\">\(Self.escape(bar.caption))</text>")
        }
        if let marker {
            let x = Int(labelWidth + max(0, min(1, marker / scale)) * plot)
            parts.append("<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(Int(height))\" stroke=\"#1b1f24\" stroke-dasharray=\"4 3\"/>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// Long labels are cut in the chart only; the table beside it has them whole.
    static func shortened(_ label: String, room latin: Int = 30) -> String {
        // CJK characters are about twice as wide as Latin ones at the same size.
        let wide = label.unicodeScalars.contains { $0.value >= 0x2E80 }
        let room = wide ? latin / 2 + 1 : latin
        return label.count <= room ? label : String(label.prefix(room - 1)) + "…"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
