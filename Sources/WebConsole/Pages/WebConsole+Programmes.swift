import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Localization
import Programs

/// The city's ten programmes, in public: each problem's status, how many of its indicators
/// are on track, and each indicator against its trajectory, as SVG charts with the same
/// figures in tables beside them. The programme service assesses; this page only draws.
extension WebConsole {
    func programmesPage(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let portfolio = try await services.programmes.portfolio()
        let tone: [ProgressRule.Status: String] = [.onTrack: "ok", .atRisk: "warn", .offTrack: "bad", .noTarget: "none", .noData: "none"]
        let wording = IndicatorWording(messages: view.messages, language: language, procedures: try await services.catalogue.procedures(),
                                       activities: services.catalogue.catalogue.activities)
        func statusName(_ status: ProgressRule.Status) -> String { view.messages.text("progress.\(status.rawValue)", language) }
        func figure(_ value: Double?, _ unit: String = "") -> String { value.map { wording.figure($0, unit, digits: 2) } ?? "—" }
        func percent(_ ratio: Double) -> String { LocaleFormat.decimal(Int((ratio * 100).rounded()), language) + " %" }

        let overview = BarChart(
            title: view.messages.text("web.programmes.overview_chart", language),
            bars: portfolio.map { progress in
                let assessed = progress.indicators.filter { [.onTrack, .atRisk, .offTrack].contains($0.assessment.status) }
                let onTrack = assessed.filter { $0.assessment.status == .onTrack }.count
                return BarChart.Bar(label: "\(progress.programme.number). \(progress.programme.title.text(language))",
                                    value: assessed.isEmpty ? nil : Double(onTrack) / Double(assessed.count),
                                    caption: "\(onTrack)/\(assessed.count)", tone: tone[progress.status] ?? "none")
            })
        let programmes = portfolio.map { progress -> [String: Any] in
            let key = progress.programme.code
            let indicators = progress.indicators.map { item -> [String: Any] in
                let indicator = item.indicator
                let latest = item.live?.value ?? indicator.latestValue
                return ["name": indicator.name.text(language), "latest": figure(latest, indicator.unit),
                        // A live figure says how many things it counts, or why there is none.
                        "sample": (latest == nil ? nil : wording.sample(item.live?.sample)) as Any,
                        "unavailable": (latest == nil ? item.live?.unavailable.map(wording.reason) : nil) as Any,
                        "baseline": figure(indicator.baseline?.value, indicator.unit), "target": wording.target(indicator) ?? "—",
                        "status": wording.status(item), "tone": tone[item.assessment.status] ?? "none",
                        "ratio": item.assessment.ratio.map(percent) ?? "—"]
            }
            let chart = BarChart(
                title: view.messages.text("web.programmes.indicator_chart", language, ["programme": progress.programme.title.text(language)]),
                bars: progress.indicators.map { item in
                    BarChart.Bar(label: item.indicator.name.text(language), value: item.assessment.ratio,
                                 caption: item.assessment.ratio.map(percent) ?? wording.status(item),
                                 tone: tone[item.assessment.status] ?? "none")
                }, scale: 1.5, marker: 1)
            return ["key": key.lowercased(), "number": progress.programme.number, "title": progress.programme.title.text(language),
                    "status": statusName(progress.status), "tone": tone[progress.status] ?? "none",
                    "expected": progress.programme.expectedResults.text(language), "indicators": indicators,
                    "chart": chart.svg(id: "chart-\(key.lowercased())")]
        }
        return view.page("programmes", title: view.messages.text("web.programmes.title", language),
                         values: ["overview": overview.svg(id: "chart-overview"), "programmes": programmes,
                                  "overviewRows": zip(overview.bars, portfolio).map { bar, progress in
                                      ["label": bar.label, "caption": bar.caption, "status": statusName(progress.status)]
                                  }],
                         session: session, request: request)
    }
}
