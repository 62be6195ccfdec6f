import Foundation
import FTZCore
import HTTPSupport
import Localization
import TradeData

/// A container's temperature series drawn as inline SVG, with no script: the band from
/// each bucket's minimum to its maximum, the mean as a line, the setpoint dashed. A person
/// who cannot see it reads the caption, which says the same in words.
struct TelemetryChart {
    // The plot area; the SVG adds 76 units on the left for the axis labels.
    static let width = 592.0
    static let height = 200.0

    let buckets: [TelemetryBucket]

    /// Template values, or nil when there is no temperature to draw.
    func values(_ messages: MessageCatalogue, _ calendar: WorkingCalendar, _ language: Language) -> [String: Any]? {
        guard let first = buckets.first, let last = buckets.last else { return nil }
        let lowest = buckets.map(\.minimum).min()!
        let highest = buckets.map(\.maximum).max()!
        let low = min(lowest, buckets.map(\.setpoint).min()!)
        let high = max(highest, buckets.map(\.setpoint).max()!)
        // A degree of margin above and below, so a flat line does not sit on the frame.
        let (floor, ceiling) = (low.rounded(.down) - 1, high.rounded(.up) + 1)
        let start = first.start.timeIntervalSince1970
        let span = max(last.start.timeIntervalSince1970 - start, 1)
        func x(_ date: Date) -> String { Self.format((date.timeIntervalSince1970 - start) / span * Self.width) }
        func y(_ value: Double) -> String { Self.format(Self.height - (value - floor) / (ceiling - floor) * Self.height) }
        let upper = buckets.map { "\(x($0.start)),\(y($0.maximum))" }
        let lower = buckets.reversed().map { "\(x($0.start)),\(y($0.minimum))" }
        func degrees(_ value: Double) -> String { LocaleFormat.decimal(String(format: "%.1f", value), language) + " °C" }
        let (from, to) = (messages.display(first.start, calendar, language), messages.display(last.start, calendar, language))
        return [
            "band": (upper + lower).joined(separator: " "),
            "mean": buckets.map { "\(x($0.start)),\(y($0.mean))" }.joined(separator: " "),
            "setpoint": buckets.map { "\(x($0.start)),\(y($0.setpoint))" }.joined(separator: " "),
            "top": degrees(ceiling), "bottom": degrees(floor), "from": from, "to": to,
            "caption": messages.text("web.track.chart_caption", language, [
                "from": from, "to": to, "low": degrees(lowest), "high": degrees(highest), "setpoint": degrees(last.setpoint),
            ]),
        ]
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
