import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import Localization

/// An enterprise's API clients, the software that calls the JSON API in its name: adding one
/// (its secret shown once), and disabling one, which ends its tokens. The client service
/// decides what an investor may create (its own organisation, the investor role only).
extension WebConsole {
    func clientsPage(_ request: Request, issued: IssuedClientSecret? = nil, problem: Problem? = nil, name: String = "",
                     session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let organisationID = try Self.ownEnterprise(of: session)
        let calendar = try await services.catalogue.calendar()
        let clients = try await services.clients.clients(organisation: organisationID, page: try PageRequest(limit: 200, cursor: nil),
                                                         by: session.actor)
        var values: [String: Any] = [
            "clients": clients.items.map { client -> [String: Any] in
                ["id": client.id.uuidString.lowercased(), "name": client.name, "clientId": client.clientID, "enabled": !client.disabled,
                 "roles": client.roles.map(\.rawValue).sorted().joined(separator: ", "),
                 "created": view.messages.display(client.createdAt, calendar, language)]
            },
            "name": name,
        ]
        if let issued {
            values["createdName"] = issued.client.name
            values["createdClientId"] = issued.client.clientID
            values["secret"] = issued.clientSecret
        }
        values.merge(view.refusal(problem, fields: ["name"], language)) { _, new in new }
        return view.page("clients", title: view.messages.text("web.clients.title", language), values: values, session: session,
                         request: request, status: WebView.status(problem))
    }

    /// POST /company/clients: a client for the enterprise's own software, investor role only.
    func createClient(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            guard let organisation = session.actor.organisationID else { throw Problem.notFound("organisation") }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let issued = try await services.clients.createClient(
                    .init(organisationID: organisation, name: name, roles: [Role.investor.rawValue], scopes: []), by: session.actor)
                return try await clientsPage(request, issued: issued, session: session)
            } catch let problem as Problem where problem.status == .unprocessable {
                return try await clientsPage(request, problem: problem, name: name, session: session)
            }
        }
    }

    /// POST /company/clients/{id}/disable: the client stops working at once.
    func disableClient(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, _ in
            _ = try await services.clients.disableClient(id, by: session.actor)
            return WebView.redirect(to: "/company/clients")
        }
    }
}
