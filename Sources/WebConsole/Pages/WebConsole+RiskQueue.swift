import Foundation
import FTZCore
import HTTPTypes
import Hummingbird
import Localization
import Risk
import RiskLearning

/// The customs officer's risk queue as a page: the declarations awaiting a lane decision,
/// highest score first, each with its score, the channel VNACCS assigned, the zone's
/// recommended lane and the reasons that weighed most, in the reader's language, and the
/// form that confirms or overrides the lane (an override needs a reason). The risk
/// service decides who may read and who may decide.
extension WebConsole {
    /// GET /risk (`?lane=red|yellow|green`).
    func riskQueue(_ request: Request, notice: (id: UUID, PageNotice)? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let lane = WebQuery(request)["lane"].flatMap { Lane(rawValue: String($0)) }
        let page = try PageRequest(limit: 25, cursor: WebQuery(request)["after"].map(String.init))
        let result = try await services.risk.queue(lane: lane, page: page, by: session.actor)
        let calendar = try await services.catalogue.calendar()
        let decides = RiskService.decidesLanes(session.actor)
        func laneName(_ lane: Lane) -> String { view.messages.text("web.trade.channel_\(lane.rawValue)", language) }
        let rows = result.items.map { assessment -> [String: Any] in
            let id = assessment.declarationID.uuidString.lowercased()
            var row: [String: Any] = [
                "id": id, "number": assessment.declarationNumber, "version": assessment.version,
                "registeredAt": view.messages.display(assessment.registeredAt, calendar, language),
                "score": assessment.score.map { LocaleFormat.decimal(String(format: "%.2f", $0), language) } ?? "—",
                "recommended": laneName(assessment.recommendedLane), "recommendedCode": assessment.recommendedLane.rawValue,
                "channel": assessment.customsChannel.map(laneName) ?? view.messages.text("web.risk.no_channel", language),
                "differs": assessment.agreesWithCustoms == false,
                "reasons": assessment.reasons.prefix(3).map { reason -> [String: Any] in
                    ["title": RiskTexts.title(of: reason, language, view.messages), "value": reason.displayValue(language) as Any,
                     "raises": (reason.effect ?? 0) > 0]
                },
                "lanes": Lane.allCases.map { candidate -> [String: Any] in
                    ["code": candidate.rawValue, "name": laneName(candidate), "selected": candidate == assessment.recommendedLane]
                },
                "decides": decides,
            ]
            if let notice, notice.id == assessment.declarationID {
                row["notice"] = notice.1.message
                row["reasonError"] = notice.1.fieldErrors["reason"] as Any
            }
            return row
        }
        var values: [String: Any] = [
            "assessments": rows, "empty": rows.isEmpty,
            "tabs": ([nil] + Lane.allCases.map(Optional.some)).map { candidate -> [String: Any] in
                ["href": "/risk" + (candidate.map { "?lane=\($0.rawValue)" } ?? ""), "current": candidate == lane,
                 "name": candidate.map(laneName) ?? view.messages.text("web.risk.all_lanes", language)]
            },
        ]
        if let next = result.nextCursor { values["next"] = "/risk?" + (lane.map { "lane=\($0.rawValue)&" } ?? "") + "after=\(next)" }
        return view.page("risk", title: view.messages.text("web.risk.title", language), values: values, session: session,
                         request: request, status: notice?.1.status ?? .ok)
    }

    /// POST /risk/{declaration}/decide: the lane confirmed or overridden, under the version shown.
    func decideLane(_ request: Request, declaration: UUID) async throws -> Response {
        try await posted(request) { session, form in
            guard let lane = form["lane"].flatMap(Lane.init(rawValue:)) else { throw Problem.invalid("/lane", "required") }
            do {
                _ = try await services.risk.decideLane(of: declaration, lane: lane, reason: form["reason"],
                                                       expectedVersion: try Self.version(form), by: session.actor)
            } catch let problem as Problem where [.conflict, .preconditionFailed, .unprocessable].contains(problem.status) {
                return try await riskQueue(request, notice: (declaration, PageNotice(problem, view: view, language: session.language)),
                                           session: session)
            }
            return WebView.redirect(to: "/risk")
        }
    }
}
