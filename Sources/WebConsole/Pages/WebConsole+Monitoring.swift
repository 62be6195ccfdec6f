import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Localization
import Risk
import TradeData

/// Customs and monitoring for staff with the trade roles: the alerts board (open,
/// acknowledged, closed) with its transitions, and a container's track (events,
/// declarations, alerts). The trade service decides who sees and acts; this page lists.
extension WebConsole {
    func alertsBoard(_ request: Request, notice: (id: UUID, PageNotice)? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let status = WebQuery(request)["status"].flatMap { Alert.Status(rawValue: String($0)) } ?? .open
        let page = try PageRequest(limit: 50, cursor: WebQuery(request)["after"].map(String.init))
        let result = try await services.trade.alertsGravestFirst(status: status, page: page, by: session.actor)
        let calendar = try await services.catalogue.calendar()
        var values: [String: Any] = [
            "tabs": Alert.Status.allCases.map { tab -> [String: Any] in
                ["code": tab.rawValue, "name": view.messages.text("web.alerts.\(tab.rawValue)", language), "current": tab == status]
            },
            "empty": result.items.isEmpty, "statusCode": status.rawValue, "current": view.messages.text("web.alerts.\(status.rawValue)", language),
            "alerts": result.items.map { alert -> [String: Any] in
                var row: [String: Any] = [
                    "id": alert.id.uuidString.lowercased(), "version": alert.version, "severity": alert.severity,
                    "tone": alert.severity == "high" ? "bad" : alert.severity == "medium" ? "warn" : "none",
                    "rule": ruleTitle(alert, language),
                    "subject": alert.subject, "container": alert.containerNumber as Any, "declaration": alert.declarationNumber as Any,
                    "openedAt": view.messages.display(alert.openedAt, calendar, language), "comment": alert.comment as Any,
                    "canAcknowledge": alert.status == .open, "canClose": alert.status != .closed,
                ]
                row["severityName"] = view.messages.text(ifPresent: "web.severity.\(alert.severity)", language) ?? alert.severity
                if let notice, notice.id == alert.id {
                    row["notice"] = notice.1.message
                    row["reasonError"] = notice.1.fieldErrors["comment"] as Any
                    row["confirmError"] = notice.1.fieldErrors["confirm"] as Any
                }
                return row
            },
        ]
        if let next = result.nextCursor { values["next"] = "/alerts?status=\(status.rawValue)&after=\(next)" }
        return view.page("alerts", title: view.messages.text("web.alerts.title", language), values: values, session: session,
                         request: request, status: notice?.1.status ?? .ok)
    }

    /// The alert rule's name from the zone's trade catalogue.
    func ruleTitle(_ alert: Alert, _ language: Language) -> String {
        services.trade.catalogue.alertRules.first { $0.code == alert.ruleCode }?.title.text(language) ?? alert.ruleCode
    }

    /// POST /alerts/{id}/{acknowledge|close}, with the version the board showed.
    func actOnAlert(_ request: Request, id: UUID, action code: String) async throws -> Response {
        try await posted(request) { session, form in
            guard let action = TradeService.AlertAction(rawValue: code) else { throw Problem.notFound("alert") }
            let comment = form["comment"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            // Closing ends the alert's record: the person says what was done, and confirms.
            if action == .close, comment == nil || form["confirm"] != "yes" {
                var notice = PageNotice(message: view.messages.text("web.alerts.close_incomplete", session.language))
                if comment == nil { notice.fieldErrors["comment"] = view.messages.text("web.alerts.close_reason_required", session.language) }
                if form["confirm"] != "yes" { notice.fieldErrors["confirm"] = view.messages.text("web.confirm.required", session.language) }
                notice.status = .unprocessableContent
                return try await alertsBoard(request, notice: (id, notice), session: session)
            }
            do {
                _ = try await services.trade.act(action, on: id, comment: comment, expectedVersion: try Self.version(form), by: session.actor)
            } catch let problem as Problem where [.conflict, .preconditionFailed, .unprocessable].contains(problem.status) {
                return try await alertsBoard(request, notice: (id, PageNotice(problem, view: view, language: session.language)), session: session)
            }
            return WebView.redirect(to: "/alerts?status=\(form["from"].flatMap(Alert.Status.init(rawValue:))?.rawValue ?? "open")")
        }
    }

    /// GET /containers/{number}: the container's events, declarations and alerts.
    func containerTrack(_ request: Request, number: String) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let history = try await services.trade.history(of: number, by: session.actor)
        let calendar = try await services.catalogue.calendar()
        // The zone's lane beside the channel VNACCS assigned, for those who may read risk:
        // the channel binds, the lane is the zone's recommendation.
        var lanes: [UUID: RiskAssessment] = [:]
        for declaration in history.declarations {
            lanes[declaration.id] = try? await services.risk.assessment(of: declaration.id, by: session.actor)
        }
        var values: [String: Any] = [
            "container": history.container,
            "state": history.state.map { view.messages.text(ifPresent: "web.track.state_\($0)", language) ?? $0 } ?? "—",
            "inZone": view.messages.text(history.inZone ? "web.track.in_zone" : "web.track.outside", language),
            "since": history.since.map { view.messages.display($0, calendar, language) } ?? "—",
            "events": history.events.reversed().map { event -> [String: Any] in
                ["at": view.messages.display(event.eventAt, calendar, language),
                 "event": view.messages.text(ifPresent: "web.track.event_\(event.code)", language) ?? event.code,
                 "where": [event.facility, event.location].compactMap { $0 }.joined(separator: " · "), "inZone": event.inZone]
            },
            "declarations": history.declarations.map { declaration -> [String: Any] in
                ["number": declaration.number, "version": declaration.version,
                 "direction": view.messages.text("web.trade.direction_\(declaration.direction)", language),
                 "channel": view.messages.text("web.trade.channel_\(declaration.channel)", language),
                 "zoneLane": lanes[declaration.id].map { assessment in
                     view.messages.text(assessment.agreesWithCustoms == false ? "web.track.zone_lane_differs" : "web.track.zone_lane", language,
                                        ["lane": view.messages.text("web.trade.channel_\(assessment.lane.rawValue)", language)])
                 } as Any,
                 "status": view.messages.text("web.trade.status_\(declaration.status)", language), "trader": declaration.traderName,
                 "traderId": declaration.organisationID?.uuidString.lowercased() as Any,
                 "at": view.messages.display(declaration.registeredAt, calendar, language)]
            },
            "supervision": history.supervision.reversed().map { status -> [String: Any] in
                var line = view.messages.text("web.track.supervision_\(status.state.rawValue)", language,
                                              ["declaration": status.declarationNumber, "at": view.messages.display(status.at, calendar, language)])
                if let seal = status.customsSeal {
                    line += " · " + view.messages.text("web.track.customs_seal_\(seal.kind.rawValue)", language, ["number": seal.number])
                }
                if let transit = status.transit {
                    line += " · " + view.messages.text("web.track.transit", language, ["destination": transit.destination])
                }
                return ["line": line, "eligible": status.state == .eligibleToPass]
            },
            "carrierSeals": history.carrierSeals.isEmpty ? "" : view.messages.text("web.track.carrier_seals", language,
                                                                                   ["numbers": history.carrierSeals.joined(separator: ", ")]),
            "alerts": history.alerts.map { alert -> [String: Any] in
                ["rule": ruleTitle(alert, language),
                 "status": view.messages.text("web.alerts.\(alert.status.rawValue)", language),
                 "at": view.messages.display(alert.openedAt, calendar, language)]
            },
        ]
        if let telemetry = history.telemetry {
            values["chart"] = TelemetryChart(buckets: telemetry.buckets).values(view.messages, calendar, language) as Any
            values["seal"] = telemetry.lastSeal.map { seal in
                view.messages.text("web.track.seal", language, ["state": view.messages.text("web.track.seal_\(seal.state.rawValue)", language),
                                                                "number": seal.number, "at": view.messages.display(seal.at, calendar, language)])
            } as Any
        }
        return view.page("track", title: view.messages.text("web.track.title", language, ["container": history.container]),
                         values: values, session: session, request: request)
    }
}

/// The alerts board's live panel: the same trade stream the API serves as Server-Sent
/// Events, for a browser's session cookie (an `EventSource` cannot send a bearer header),
/// with the same per-principal stream limit and token rechecks.
extension WebConsole {
    func liveStream(_ request: Request) async throws -> Response {
        let session = await session(request)
        guard let token = session.token else { throw Problem.unauthenticated() }
        let start = try await services.trade.streamPosition(by: session.actor)
        let lease = try services.streams.acquire(for: session.actor.reference)
        let authentication = services.authentication
        let rules = services.trade.catalogue.alertRules
        let language = session.language
        let stream = LiveTradeStream(trade: services.trade, actor: session.actor, position: start,
                                     reauthenticate: { try await authentication.authenticate(bearer: token) },
                                     recheckSeconds: max(authentication.configuration.tokenCacheLifetime, 1), lease: lease) { item in
            // What the live panel writes in a line: the alert's title in the reader's language
            // and its container; an event's container, code and facility.
            switch item {
            case .event(let event):
                ("container_event", try LiveTradeStream.encoder.encode(["container": event.container ?? "", "code": event.code,
                                                                        "facility": event.facility ?? ""]))
            case .alert(let alert):
                ("alert", try LiveTradeStream.encoder.encode(["title": rules.first { $0.code == alert.ruleCode }?.title.text(language) ?? alert.ruleCode,
                                                              "rule": alert.ruleCode, "container": alert.containerNumber ?? ""]))
            }
        }
        var headers = WebView.securityHeaders
        headers[.contentType] = "text/event-stream"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: stream.map { ByteBuffer(bytes: $0) }))
    }
}
