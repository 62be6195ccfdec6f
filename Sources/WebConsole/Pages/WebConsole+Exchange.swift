import DataExchange
import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Localization

/// A department's view of inter-agency sharing, read-only: its registered subsystems, the
/// grants each holds (service, fields, purposes, until when), and the queries each made
/// under them. Grants are made by the Authority through the API; nothing here changes them.
extension WebConsole {
    func exchangePage(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let organisation = WebQuery(request)["organisation"].flatMap { UUID(uuidString: String($0)) }
        let memberships = try await services.exchange.memberships(of: organisation, by: session.actor)
        let calendar = try await services.catalogue.calendar()
        let catalogue = services.exchange.catalogue
        let now = services.clock.now()
        let values: [String: Any] = [
            "subsystems": memberships.map { membership -> [String: Any] in
                ["id": membership.subsystem.id.uuidString.lowercased(), "identifier": membership.subsystem.identifier,
                 "name": membership.subsystem.name,
                 "grants": membership.grants.map { grant -> [String: Any] in
                     let state = grant.revokedAt != nil ? "revoked" : grant.isActive(at: now) ? "active" : "expired"
                     return ["service": catalogue.service(grant.service)?.title.text(language) ?? grant.service, "code": grant.service,
                             "fields": grant.fields.joined(separator: ", "),
                             "purposes": grant.purposes.map { catalogue.purpose($0)?.name.text(language) ?? $0 }.joined(separator: "; "),
                             "expires": view.messages.display(grant.expiresAt, calendar, language),
                             "state": view.messages.text("web.exchange.grant_\(state)", language), "active": state == "active"]
                 }]
            },
        ]
        return view.page("exchange", title: view.messages.text("web.exchange.title", language), values: values, session: session,
                         request: request)
    }

    /// GET /exchange/{subsystem}: the queries that subsystem made, newest first.
    func exchangeQueries(_ request: Request, subsystem id: UUID) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let page = try PageRequest(limit: 50, cursor: WebQuery(request)["after"].map(String.init))
        let queries = try await services.exchange.queries(ofSubsystem: id, page: page, by: session.actor)
        let calendar = try await services.catalogue.calendar()
        let catalogue = services.exchange.catalogue
        var values: [String: Any] = [
            "queries": queries.items.map { query -> [String: Any] in
                ["at": view.messages.display(query.at, calendar, language),
                 "service": catalogue.service(query.service)?.title.text(language) ?? query.service,
                 "purpose": catalogue.purpose(query.purpose)?.name.text(language) ?? query.purpose, "official": query.official,
                 "subject": query.subjectReference, "allowed": query.outcome == .allowed,
                 "outcome": view.messages.text("web.exchange.outcome_\(query.outcome.rawValue)", language),
                 "reason": query.reason as Any, "fields": query.fields.joined(separator: ", "),
                 "ledger": query.ledgerIndex.map(String.init) as Any]
            },
        ]
        if let next = queries.nextCursor { values["next"] = "/exchange/\(id.uuidString.lowercased())?after=\(next)" }
        return view.page("exchange-queries", title: view.messages.text("web.exchange.queries", language), values: values,
                         session: session, request: request)
    }
}
