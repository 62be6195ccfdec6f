import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Localization
import Notifications

/// An enterprise's webhook endpoints: registering one (its signing secret shown once),
/// disabling it, and each endpoint's delivery log with replay. The notification service
/// validates the address (HTTPS, not an internal host) and keeps the secrets sealed.
extension WebConsole {
    func webhooksPage(_ request: Request, created: WebhookEndpoint? = nil, problem: Problem? = nil, form: WebForm? = nil,
                      session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let calendar = try await services.catalogue.calendar()
        let endpoints = try await services.notifications.endpoints(by: session.actor)
        var rows: [[String: Any]] = []
        for endpoint in endpoints {
            let counts = try await services.notifications.deliveryCounts(endpoint: endpoint.id)
            rows.append(["id": endpoint.id.uuidString.lowercased(), "url": endpoint.url, "description": endpoint.description,
                         "enabled": endpoint.enabled, "created": view.messages.display(endpoint.createdAt, calendar, language),
                         "counts": [WebhookDelivery.State.delivered, .pending, .failed].map { state -> [String: Any] in
                             ["name": view.messages.text("web.webhooks.\(state.rawValue)", language), "count": counts[state] ?? 0]
                         }])
        }
        var values: [String: Any] = ["endpoints": rows, "url": form?["url"] ?? "", "description": form?["description"] ?? ""]
        if let created { values["secret"] = created.secret; values["createdURL"] = created.url }
        values.merge(view.refusal(problem, fields: ["url", "description"], language)) { _, new in new }
        return view.page("webhooks", title: view.messages.text("web.webhooks.title", language), values: values, session: session,
                         request: request, status: WebView.status(problem))
    }

    /// POST /company/webhooks: a new endpoint for every event type.
    func createWebhook(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            let description = form["description"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            do {
                let endpoint = try await services.notifications.createEndpoint(url: (form["url"] ?? "").trimmingCharacters(in: .whitespaces),
                                                                              description: description, eventTypes: [], by: session.actor)
                return try await webhooksPage(request, created: endpoint, session: session)
            } catch let problem as Problem where problem.status == .unprocessable {
                return try await webhooksPage(request, problem: problem, form: form, session: session)
            }
        }
    }

    /// POST /company/webhooks/{id}/disable.
    func disableWebhook(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, _ in
            _ = try await services.notifications.disableEndpoint(id, by: session.actor)
            return WebView.redirect(to: "/company/webhooks")
        }
    }

    /// GET /company/webhooks/{id}: the endpoint's deliveries, newest first, with replay.
    func webhookDeliveries(_ request: Request, id: UUID) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let calendar = try await services.catalogue.calendar()
        let endpoint = try await services.notifications.endpoint(id, by: session.actor)
        let page = try PageRequest(limit: 50, cursor: WebQuery(request)["after"].map(String.init))
        let deliveries = try await services.notifications.deliveries(endpoint: id, state: nil, page: page, by: session.actor)
        var values: [String: Any] = [
            "url": endpoint.url, "enabled": endpoint.enabled,
            "deliveries": deliveries.items.map { delivery -> [String: Any] in
                ["id": delivery.id, "event": delivery.eventType, "state": view.messages.text("web.webhooks.\(delivery.state.rawValue)", language),
                 "attempts": delivery.attempts, "status": delivery.lastStatus.map(String.init) ?? "—", "error": delivery.lastError as Any,
                 "at": view.messages.display(delivery.createdAt, calendar, language)]
            },
        ]
        if let next = deliveries.nextCursor { values["next"] = "/company/webhooks/\(id.uuidString.lowercased())?after=\(next)" }
        return view.page("deliveries", title: view.messages.text("web.webhooks.deliveries", language, ["url": endpoint.url]), values: values,
                         session: session, request: request)
    }

    /// POST /company/deliveries/{id}/replay: sent again now, with the same webhook-id.
    func replayDelivery(_ request: Request, id: String) async throws -> Response {
        try await posted(request) { session, _ in
            let delivery = try await services.notifications.replay(id, by: session.actor)
            return WebView.redirect(to: "/company/webhooks/\(delivery.endpointID.uuidString.lowercased())")
        }
    }
}
