import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Licensing
import Localization
import NIOCore

/// The dossier list: an investor's own applications, or the Authority's queue with its
/// search and filters (kept in the URL, so a filtered view can be bookmarked and shared),
/// keyset pages and a CSV export of exactly the filtered list. It is the licensing
/// service's own list call, so each person sees what the API would show them.
extension WebConsole {
    /// The filters as the URL carries them.
    struct QueueQuery {
        var search = ""
        var procedure: String?
        var status: DossierStatus?
        var dueBefore: LocalDate?
        var overdue = false
        var mine = false
        var order = LicensingService.QueueOrder.due

        init(_ request: Request) {
            let query = WebQuery(request)
            func text(_ name: Substring) -> String? {
                query[name].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            search = text("q") ?? ""
            procedure = text("procedure")
            status = text("status").flatMap(DossierStatus.init(rawValue:))
            dueBefore = text("dueBefore").flatMap(LocalDate.init)
            overdue = query["overdue"] == "1"
            mine = query["mine"] == "1"
            order = text("sort").flatMap(LicensingService.QueueOrder.init(rawValue:)) ?? .due
        }

        func filter(for actor: Actor) -> LicensingService.QueueFilter {
            var filter = LicensingService.QueueFilter(procedure: procedure, statuses: status.map { [$0] }, assignee: mine ? actor.userID : nil,
                                                      dueOnOrBefore: dueBefore, overdue: overdue, search: search.isEmpty ? nil : search)
            filter.order = order
            return filter
        }

        /// The same filters as a query string, with `extra` (a cursor) added.
        func queryString(_ extra: [URLQueryItem] = []) -> String {
            var items: [URLQueryItem] = []
            if !search.isEmpty { items.append(.init(name: "q", value: search)) }
            if let procedure { items.append(.init(name: "procedure", value: procedure)) }
            if let status { items.append(.init(name: "status", value: status.rawValue)) }
            if let dueBefore { items.append(.init(name: "dueBefore", value: dueBefore.description)) }
            if overdue { items.append(.init(name: "overdue", value: "1")) }
            if mine { items.append(.init(name: "mine", value: "1")) }
            if order != .due { items.append(.init(name: "sort", value: order.rawValue)) }
            items += extra
            guard !items.isEmpty else { return "" }
            var components = URLComponents()
            components.queryItems = items
            return components.percentEncodedQuery.map { "?" + $0 } ?? ""
        }
    }

    func dossiers(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let query = QueueQuery(request)
        let page = try PageRequest(limit: 50, cursor: WebQuery(request)["after"].map(String.init))
        let result = try await services.licensing.list(query.filter(for: session.actor), page: page, by: session.actor)
        let procedures = try await services.catalogue.procedures()
        let names = Dictionary(procedures.map { ($0.code, $0.name.text(language)) }, uniquingKeysWith: { first, _ in first })
        let byCode = Dictionary(procedures.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let (enterprises, assigneeNames) = try await services.licensing.queueNames(for: result.items, by: session.actor)
        let calendar = try await services.catalogue.calendar()
        let today = try await services.catalogue.today()
        let rows = result.items.map { dossier -> [String: Any] in
            var row: [String: Any] = [
                "id": dossier.id.uuidString.lowercased(),
                "reference": dossier.reference ?? view.messages.text("web.dossier.no_reference", language),
                "procedure": names[dossier.procedureCode] ?? dossier.procedureCode,
                "status": view.messages.text("status.\(dossier.status.rawValue)", language),
                "appointmentOn": dossier.appointmentOn.map { view.messages.display($0, language) } ?? "—", "overdue": dossier.overdue,
                "version": dossier.version,
                "enterprise": enterprises[dossier.organisationID] ?? "",
                "receivedOn": dossier.submittedOn.map { view.messages.display($0, language) } ?? "—",
                "assignee": dossier.assigneeID.flatMap { assigneeNames[$0] } ?? view.messages.text("web.queue.unassigned", language),
                "keyField": keyField(of: dossier, procedure: byCode[dossier.procedureCode], language: language),
                "changedOn": view.messages.display(dossier.updatedAt, calendar, language),
            ]
            row.merge(daysLeft(dossier, today: today, calendar: calendar, language: language)) { $1 }
            return row
        }
        let isStaff = session.actor.isAny(of: Role.zoneStaff)
        var values: [String: Any] = [
            "sortDue": "/dossiers" + { var due = query; due.order = .due; return due.queryString() }(),
            "sortReceived": "/dossiers" + { var received = query; received.order = .received; return received.queryString() }(),
            "byReceived": query.order == .received,
            "dossiers": rows, "empty": rows.isEmpty, "overdue": query.overdue, "mine": query.mine, "q": query.search,
            "dueBefore": query.dueBefore?.description ?? "", "queue": isStaff, "csv": "/dossiers.csv" + query.queryString(),
        ]
        values["statuses"] = DossierStatus.allCases.map { candidate -> [String: Any] in
            ["code": candidate.rawValue, "name": view.messages.text("status.\(candidate.rawValue)", language), "selected": candidate == query.status]
        }
        values["procedures"] = procedures.map { procedure -> [String: Any] in
            ["code": procedure.code, "name": procedure.name.text(language), "selected": procedure.code == query.procedure]
        }
        if let next = result.nextCursor { values["next"] = "/dossiers" + query.queryString([.init(name: "after", value: next)]) }
        if session.actor.isAny(of: Role.caseHandlers) {
            values["assigning"] = true
            values["assignees"] = try await assignees(for: session.actor, language: language)
            values["back"] = "/dossiers" + query.queryString()
        }
        if let assigned = WebQuery(request)["assigned"].flatMap({ Int($0) }) {
            let refused = WebQuery(request)["refused"].flatMap { Int($0) } ?? 0
            values["assignedNotice"] = view.messages.text("web.assign.done", language, ["assigned": String(assigned), "refused": String(refused)])
        }
        let title = session.actor.has(.investor) ? "web.dossiers.mine" : "web.dossiers.queue"
        return view.page("dossiers", title: view.messages.text(title, language), values: values, session: session, request: request)
    }

    /// Working days left before the result is due, as the officer's queue shows them: a
    /// tone by the service level (late, two days or fewer, on course), or why there is no
    /// count (paused for a supplement, not yet running, decided).
    func daysLeft(_ dossier: Dossier, today: LocalDate, calendar: WorkingCalendar, language: Language) -> [String: Any] {
        guard dossier.status.isActive || dossier.status == .supplementRequested else { return ["daysLeft": "—", "tone": "none"] }
        guard let due = dossier.appointmentOn else {
            let key = dossier.status == .supplementRequested ? "web.queue.paused" : "web.queue.not_running"
            return ["daysLeft": view.messages.text(key, language), "tone": "none"]
        }
        if dossier.overdue {
            let late = calendar.remaining(from: due, until: today, counted: .working)
            return ["daysLeft": view.messages.text("web.queue.days_late", language, ["count": String(late)]), "tone": "bad"]
        }
        let left = calendar.remaining(from: today, until: due, counted: .working)
        return ["daysLeft": view.messages.text("web.queue.days_left", language, ["count": String(left)]), "tone": left <= 2 ? "warn" : "ok"]
    }

    /// What tells one application from another in an investor's list: the first text the
    /// form holds, in the schema's order (the project's name, the expert's name), passing
    /// over choices, formatted values (dates, tax codes) and the fields that name the
    /// applicant itself (`employer…`, `owner…`, `investor…` in the zone's forms), which are
    /// the same on every row of one enterprise's list.
    func keyField(of dossier: Dossier, procedure: Procedure?, language: Language) -> String {
        guard let procedure else { return "" }
        let applicantFields = ["employer", "owner", "investor"]
        for name in SchemaForm(procedure.form).propertyNames where !applicantFields.contains(where: { name.hasPrefix($0) }) {
            if let text = dossier.form[name]?.stringValue?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
               procedure.form["properties"]?[name]?["enum"] == nil, procedure.form["properties"]?[name]?["format"] == nil {
                return text
            }
        }
        return ""
    }

    /// GET /dossiers.csv: the filtered list, every page of it up to `csvRowLimit`, as CSV
    /// (UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese correctly).
    func dossiersCSV(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let filter = QueueQuery(request).filter(for: session.actor)
        let header = ["dossiers.reference", "dossiers.procedure", "dossiers.status", "dossier.submitted", "dossiers.appointment", "dossiers.overdue"]
        var csv = "\u{FEFF}" + header.map { Self.csvField(view.messages.text("web.\($0)", language)) }.joined(separator: ",") + "\r\n"
        var cursor: String?
        var written = 0
        repeat {
            let page = try await services.licensing.list(filter, page: try PageRequest(limit: 200, cursor: cursor), by: session.actor)
            for dossier in page.items {
                let fields = [dossier.reference ?? "", dossier.procedureCode, view.messages.text("status.\(dossier.status.rawValue)", language),
                              dossier.submittedOn?.description ?? "", dossier.appointmentOn?.description ?? "", dossier.overdue ? "1" : "0"]
                csv += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
            }
            written += page.items.count
            cursor = page.nextCursor
        } while cursor != nil && written < Self.csvRowLimit
        return WebView.csvDownload(csv, filename: "dossiers.csv")
    }

    static let csvRowLimit = 50_000

    /// RFC 4180 quoting; a leading formula character is neutralised, so a spreadsheet never
    /// runs what a filer typed.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
