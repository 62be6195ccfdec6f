import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Licensing
import Localization
import NIOCore

/// The service-level board for the Authority's staff: on-time rate, median and 90th
/// percentile working days and open load per procedure, per officer and per consulted
/// department over a chosen period, as charts with their tables, and as CSV.
extension WebConsole {
    /// The period from the URL (`from`, `to`), by default the last 90 days.
    private func period(_ request: Request) async throws -> (LocalDate, LocalDate) {
        let today = try await services.catalogue.today()
        let query = WebQuery(request)
        var validator = FieldValidator()
        let to = validator.parse("to", query["to"].map(String.init), required: false) { text throws(ValueError) in
            guard let date = LocalDate(text) else { throw ValueError("date_format") }
            return date
        } ?? today
        let from = validator.parse("from", query["from"].map(String.init), required: false) { text throws(ValueError) in
            guard let date = LocalDate(text) else { throw ValueError("date_format") }
            return date
        } ?? LocalDate(dayNumber: to.dayNumber - 89)
        if !validator.errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: validator.errors) }
        return (from, to)
    }

    /// The board's three groups with their rows named for people.
    private func namedLevels(_ levels: LicensingService.ServiceLevels, language: Language, actor: Actor) async throws
        -> [(group: String, rows: [(name: String, level: LicensingService.ServiceLevel)])]
    {
        let procedures = Dictionary(try await services.catalogue.procedures().map { ($0.code, $0.name.text(language)) },
                                    uniquingKeysWith: { first, _ in first })
        var officers: [(String, LicensingService.ServiceLevel)] = []
        for level in levels.officers {
            let name: String
            if let id = UUID(uuidString: level.key), let user = try? await services.accounts.user(id, by: actor) {
                name = user.displayName
            } else {
                name = view.messages.text("web.sla.unassigned", language)
            }
            officers.append((name, level))
        }
        return [
            ("procedure", levels.procedures.map { (procedures[$0.key] ?? $0.key, $0) }),
            ("officer", officers),
            ("department", levels.departments.map { (departmentName($0.key, language), $0) }),
        ]
    }

    func serviceLevelBoard(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        var values: [String: Any] = [:]
        let fromText = WebQuery(request)["from"].map(String.init) ?? ""
        let toText = WebQuery(request)["to"].map(String.init) ?? ""
        do {
            let (from, to) = try await period(request)
            let levels = try await services.licensing.serviceLevels(from: from, to: to, by: session.actor)
            values["from"] = from.description
            values["to"] = to.description
            values["csv"] = "/sla.csv?from=\(from)&to=\(to)"
            values["groups"] = try await namedLevels(levels, language: language, actor: session.actor).map { group, rows in
                let percent = { (rate: Double?) in rate.map { LocaleFormat.decimal(Int(($0 * 100).rounded()), language) + " %" } ?? "—" }
                let days = { (value: Double?) in value.map { LocaleFormat.decimal(Int($0.rounded()), language) } ?? "—" }
                let chart = BarChart(title: view.messages.text("web.sla.chart_\(group)", language), bars: rows.map { name, level in
                    BarChart.Bar(label: name, value: level.onTimeRate, caption: percent(level.onTimeRate),
                                 tone: level.onTimeRate.map { $0 >= 0.95 ? "ok" : $0 >= 0.8 ? "warn" : "bad" } ?? "none")
                })
                return ["group": group, "heading": view.messages.text("web.sla.by_\(group)", language),
                        "chart": chart.svg(id: "sla-\(group)"), "empty": rows.isEmpty,
                        "rows": rows.map { name, level -> [String: Any] in
                            ["name": name, "decided": LocaleFormat.decimal(level.decided, language), "onTime": percent(level.onTimeRate),
                             "median": days(level.medianDays), "p90": days(level.p90Days), "open": LocaleFormat.decimal(level.open, language)]
                        }] as [String: Any]
            }
        } catch let problem as Problem where problem.status == .badRequest {
            values["from"] = fromText
            values["to"] = toText
            values["groups"] = [[String: Any]]()
            values["notice"] = view.notice(for: problem, language)
            let errors = SchemaForm.errors(problem, messages: view.messages, language: language, prefix: "")
            values["fromError"] = errors["from"] as Any
            values["toError"] = errors["to"] as Any
            return view.page("sla", title: view.messages.text("web.sla.title", language), values: values, session: session,
                             request: request, status: .badRequest)
        }
        return view.page("sla", title: view.messages.text("web.sla.title", language), values: values, session: session, request: request)
    }

    /// GET /sla.csv: the same board, one line per row, the group named in the first column.
    func serviceLevelCSV(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let (from, to) = try await period(request)
        let levels = try await services.licensing.serviceLevels(from: from, to: to, by: session.actor)
        let header = ["group", "name", "decided", "on_time", "median", "p90", "open"].map { view.messages.text("web.sla.column_\($0)", language) }
        var csv = "\u{FEFF}" + header.map(Self.csvField).joined(separator: ",") + "\r\n"
        for (group, rows) in try await namedLevels(levels, language: language, actor: session.actor) {
            for (name, level) in rows {
                let fields = [view.messages.text("web.sla.by_\(group)", language), name, String(level.decided),
                              level.onTimeRate.map { String(format: "%.3f", $0) } ?? "", level.medianDays.map { String(Int($0)) } ?? "",
                              level.p90Days.map { String(Int($0)) } ?? "", String(level.open)]
                csv += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
            }
        }
        return WebView.csvDownload(csv, filename: "service-levels-\(from)-\(to).csv")
    }
}
