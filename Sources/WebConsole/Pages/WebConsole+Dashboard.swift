import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Localization
import Programs

/// The city leaders' and the programme office's dashboard: problem 10's live indicators
/// (licensing time, on-time rate, online share, capital by country and sector, customs
/// channels, dwell time) with their breakdowns charted, and the reports awaiting review
/// with the review form. The programme service measures and decides; this page draws.
extension WebConsole {
    /// The programme whose indicators the dashboard leads with (problem 10: the portal).
    static let dashboardProgramme = 10

    func dashboard(_ request: Request, notice: (id: UUID, PageNotice)? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let portfolio = try await services.programmes.portfolio()
        let wording = IndicatorWording(messages: view.messages, language: language, procedures: try await services.catalogue.procedures(),
                                       activities: services.catalogue.catalogue.activities)
        func figure(_ value: Double?, _ unit: String?) -> String {
            value.map { wording.figure($0, unit) } ?? wording.noData
        }
        let lead = portfolio.first { $0.programme.number == Self.dashboardProgramme }
        let indicators = (lead?.indicators ?? []).filter { $0.indicator.liveMetric != nil }.map { item -> [String: Any] in
            let indicator = item.indicator
            let live = item.live
            let parts = live?.breakdown ?? []
            let value = live?.value ?? indicator.latestValue
            var entry: [String: Any] = [
                "id": indicator.code.lowercased(), "name": indicator.name.text(language),
                "value": figure(value, indicator.unit),
                "parts": parts.map { part -> [String: Any] in
                    ["key": wording.key(part.key, live?.breakdownBy), "value": figure(part.value, part.unit ?? indicator.unit),
                     // The part's own count; what it counts, the headline's sample says.
                     "partSample": part.sampleSize.map { "n = " + LocaleFormat.decimal($0, language) } as Any]
                },
                "hasParts": !parts.isEmpty,
            ]
            // A figure states its assessment, its target and the count behind it; a missing
            // one says why it is missing instead (its assessment would only repeat "no data").
            if value != nil {
                entry["status"] = wording.status(item)
                entry["target"] = wording.target(indicator).map { view.messages.text("web.dashboard.target", language, ["target": $0]) } as Any
                entry["sample"] = wording.sample(live?.sample) as Any
            } else if let reason = live?.unavailable {
                entry["unavailable"] = wording.reason(reason)
            }
            // The chart compares parts in one unit (capital in USD); parts in another currency
            // are in the table only, never drawn against dollars.
            let unit = parts.contains { ($0.unit ?? indicator.unit) == indicator.unit } ? indicator.unit : parts.first?.unit ?? indicator.unit
            let charted = parts.filter { ($0.unit ?? indicator.unit) == unit }
            if !charted.isEmpty {
                let largest = charted.map(\.value).max() ?? 1
                entry["chart"] = BarChart(title: indicator.name.text(language),
                                          bars: charted.map { BarChart.Bar(label: wording.key($0.key, live?.breakdownBy), value: $0.value,
                                                                         caption: figure($0.value, $0.unit ?? indicator.unit), tone: "none") },
                                          scale: largest > 0 ? largest : 1, width: 220).svg(id: "dash-\(indicator.code.lowercased())")
            }
            return entry
        }
        var values: [String: Any] = ["indicators": indicators, "programme": lead?.programme.title.text(language) ?? ""]
        if ProgrammeService.reviewsReports(session.actor) {
            let names = Dictionary(portfolio.flatMap(\.indicators).map { ($0.indicator.id, ($0.indicator.name.text(language), $0.indicator.unit)) },
                                   uniquingKeysWith: { first, _ in first })
            let awaiting = try await services.programmes.reportsAwaitingReview(page: try PageRequest(limit: 50, cursor: nil), by: session.actor)
            values["reviewer"] = true
            values["reports"] = awaiting.items.map { report -> [String: Any] in
                var row: [String: Any] = [
                    "id": report.id.uuidString.lowercased(), "indicator": names[report.indicatorID]?.0 ?? "—",
                    "value": figure(report.value, names[report.indicatorID]?.1),
                    "period": "\(view.messages.display(report.periodStart, language)) – \(view.messages.display(report.periodEnd, language))",
                    "comment": report.comment as Any,
                    // Only web addresses become links; a document number stays text.
                    "evidence": report.evidence.map { item -> [String: Any] in
                        ["text": item, "link": ProgrammeService.isWebAddress(item) ? item : false]
                    },
                ]
                if let notice, notice.id == report.id { row["notice"] = notice.1.message }
                return row
            }
        }
        return view.page("dashboard", title: view.messages.text("web.dashboard.title", language), values: values, session: session,
                         request: request, status: notice?.1.status ?? .ok)
    }

    /// POST /reports/{id}/review: the programme office accepts or rejects a report.
    func reviewReport(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, form in
            let comment = form["comment"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            do {
                // Each of the form's two buttons posts its decision; anything else decides nothing.
                guard let decision = form["decision"], ["accept", "reject"].contains(decision) else {
                    throw Problem.invalid("decision", "enum_value", arguments: ["allowed": "accept, reject"])
                }
                _ = try await services.programmes.review(id, accept: decision == "accept", comment: comment, by: session.actor)
            } catch let problem as Problem where problem.status == .conflict || problem.status == .unprocessable {
                return try await dashboard(request, notice: (id, PageNotice(problem, view: view, language: session.language)), session: session)
            }
            return WebView.redirect(to: "/dashboard")
        }
    }
}
