import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Localization
import TradeData

/// An enterprise's trade summary: its declarations by direction, channel and status, the
/// declared value per currency, its most declared HS chapters (chart and table), and what
/// it has in the zone now. For staff with the trade roles and for the enterprise's own people;
/// the trade service decides, and another enterprise's figures are "not found".
extension WebConsole {
    func tradeSummaryPage(_ request: Request, organisation id: UUID) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let summary = try await services.trade.summary(of: id, by: session.actor)
        let name: String
        do {
            name = try await services.organisations.organisation(id, by: session.actor).name
        } catch let problem as Problem where problem.status == .notFound {
            name = view.messages.text("web.trade.enterprise", language)  // customs officers see figures, not the register entry
        }
        func counted(_ counts: [String: Int], _ prefix: String) -> [[String: Any]] {
            counts.sorted { $0.key < $1.key }.map { ["name": view.messages.text("\(prefix)\($0.key)", language), "count": LocaleFormat.decimal($0.value, language)] }
        }
        let largest = Double(summary.topChapters.map(\.lines).max() ?? 1)
        let chapterTitle = view.messages.text("web.trade.chapters", language)
        let chapter = { (number: Int) in view.messages.text("web.trade.chapter", language, ["chapter": String(format: "%02d", number)]) }
        let values: [String: Any] = [
            "name": name, "declarations": LocaleFormat.decimal(summary.declarations, language),
            "containers": LocaleFormat.decimal(summary.containersInZone, language),
            "alerts": LocaleFormat.decimal(summary.openAlerts, language), "hasAlerts": summary.openAlerts > 0,
            "directions": counted(summary.byDirection, "web.trade.direction_"), "channels": counted(summary.byChannel, "web.trade.channel_"),
            "statuses": counted(summary.byStatus, "web.trade.status_"),
            "values": summary.value.map { item -> [String: Any] in
                ["direction": view.messages.text("web.trade.direction_\(item.direction)", language),
                 "total": LocaleFormat.money(amount: item.total.amount, currency: item.total.currency.code, language)]
            },
            "chapters": summary.topChapters.map { ["name": chapter($0.chapter), "lines": LocaleFormat.decimal($0.lines, language)] },
            "chart": summary.topChapters.isEmpty ? "" : BarChart(
                title: chapterTitle,
                bars: summary.topChapters.map { BarChart.Bar(label: chapter($0.chapter), value: Double($0.lines),
                                                             caption: LocaleFormat.decimal($0.lines, language), tone: "none") },
                scale: max(largest, 1)).svg(id: "trade-chapters"),
        ]
        return view.page("trade", title: view.messages.text("web.trade.title", language) + ": " + name, values: values, session: session,
                         request: request)
    }
}
