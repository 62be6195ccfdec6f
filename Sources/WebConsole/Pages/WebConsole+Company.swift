import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import Localization

/// An enterprise's own administration: its colleagues, and the invitations that bring new
/// ones in (the link is shown once, to be passed on); the invited colleague accepts on a
/// page of their own. The account service decides who may invite and what is valid.
extension WebConsole {
    func companyPage(_ request: Request, issued: IssuedInvitation? = nil, problem: Problem? = nil, email: String = "",
                     session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let organisationID = try Self.ownEnterprise(of: session)
        let organisation = try await services.organisations.organisation(organisationID, by: session.actor)
        let colleagues = try await services.accounts.users(organisation: organisationID, page: try PageRequest(limit: 200, cursor: nil),
                                                           by: session.actor)
        let invitations = try await services.accounts.invitations(of: organisationID, page: try PageRequest(limit: 50, cursor: nil),
                                                                  by: session.actor)
        let calendar = try await services.catalogue.calendar()
        let now = services.clock.now()
        var values: [String: Any] = [
            "organisationId": organisationID.uuidString.lowercased(), "name": organisation.name, "nameLatin": organisation.nameLatin as Any, "taxCode": organisation.taxCode?.description ?? "—",
            "colleagues": colleagues.items.map { user -> [String: Any] in
                ["name": user.displayName, "username": user.username, "email": user.email ?? "—", "disabled": user.disabled,
                 "me": user.id == session.actor.userID]
            },
            "invitations": invitations.items.map { invitation -> [String: Any] in
                let state = invitation.state(at: now)
                return ["id": invitation.id.uuidString.lowercased(), "email": invitation.email,
                        "state": view.messages.text("web.company.invitation_\(state.rawValue)", language),
                        "expires": view.messages.display(invitation.expiresAt, calendar, language), "pending": state == .pending]
            },
            "email": email,
        ]
        if let issued {
            values["link"] = "\(publicBase)/invitations/accept?token=\(issued.token)"
            values["invited"] = issued.invitation.email
        }
        values.merge(view.refusal(problem, fields: ["email"], language)) { _, new in new }
        return view.page("company", title: view.messages.text("web.company.title", language), values: values, session: session,
                         request: request, status: WebView.status(problem))
    }

    /// The enterprise whose administration this person may open: their own, as an investor.
    static func ownEnterprise(of session: WebSession) throws -> UUID {
        guard let organisationID = session.actor.organisationID, session.actor.has(.investor) else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": Role.investor.rawValue])
        }
        return organisationID
    }

    /// POST /company/invitations: a colleague invited by e-mail address.
    func inviteColleague(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            guard let organisation = session.actor.organisationID else { throw Problem.notFound("organisation") }
            let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
            do {
                let issued = try await services.accounts.invite(email: email, to: organisation, by: session.actor)
                return try await companyPage(request, issued: issued, session: session)
            } catch let problem as Problem where problem.status == .unprocessable || problem.status == .conflict {
                return try await companyPage(request, problem: problem, email: email, session: session)
            }
        }
    }

    /// POST /company/invitations/{id}/revoke.
    func revokeInvitation(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, _ in
            do {
                _ = try await services.accounts.revokeInvitation(id, by: session.actor)
            } catch let problem as Problem where problem.status == .conflict {
                return try await companyPage(request, problem: problem, session: session)
            }
            return WebView.redirect(to: "/company")
        }
    }

    /// GET /invitations/accept?token=…: the invited colleague's own account form.
    func invitationPage(_ request: Request, form: WebForm? = nil, problem: Problem? = nil, session given: WebSession? = nil) async throws
        -> Response
    {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let errors = problem.map { SchemaForm.errors($0, messages: view.messages, language: language, prefix: "/") } ?? [:]
        let fields = accountFields([
            ("displayName", "web.register.display_name", "text", "name", true), ("username", "web.register.username", "text", "username", true),
            ("password", "web.register.password", "password", "new-password", true),
        ], form: form, errors: errors, language: language)
        var values: [String: Any] = ["fields": fields,
                                     "token": form?["token"] ?? WebQuery(request)["token"].map(String.init) ?? ""]
        if let problem { values["notice"] = errors["token"] ?? view.notice(for: problem, language) }
        return view.page("invitation", title: view.messages.text("web.invitation.title", language), values: values, session: session,
                         request: request, status: WebView.status(problem))
    }

    /// POST /invitations/accept: the account, then a session for it.
    func acceptInvitation(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            let address = RequestScope.current.clientAddress
            do {
                let user = try await services.accounts.acceptInvitation(token: form["token"] ?? "", username: form["username"] ?? "",
                                                                        displayName: form["displayName"] ?? "",
                                                                        password: form["password"] ?? "", clientAddress: address)
                let token = try await services.authentication.login(username: user.username, password: form["password"] ?? "",
                                                                    clientAddress: address)
                return WebView.redirect(to: "/dossiers", cookies: session.signedIn(token.accessToken, maxAge: token.expiresIn))
            } catch let problem as Problem where [.unprocessable, .conflict, .tooManyRequests, .badRequest, .notFound].contains(problem.status) {
                return try await invitationPage(request, form: form, problem: problem, session: session)
            }
        }
    }
}
