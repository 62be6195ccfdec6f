import Foundation
import FTZCore
import HTTPTypes
import Hummingbird
import Identity
import Localization

/// Accounts for administrators: the people of every organisation, a new account, a change
/// of name, e-mail, roles or standing (disabled), and a new password (which signs the
/// person out everywhere). The account service checks every step as for the API.
extension WebConsole {
    /// The roles people hold (machine clients' roles are given to clients, not people).
    static let peopleRoles: [Role] = [.investor, .ezaOfficer, .ezaApprover, .departmentOfficer, .auditor, .admin, .programmeOffice]

    /// GET /admin/users (`?organisation=`).
    func usersPage(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        try session.actor.require(anyOf: .admin)
        let chosen = WebQuery(request)["organisation"].flatMap { UUID(uuidString: String($0)) }
        let page = try PageRequest(limit: 50, cursor: WebQuery(request)["after"].map(String.init))
        let result = try await services.accounts.users(organisation: chosen, page: page, by: session.actor)
        let organisations = try await allOrganisations(session.actor)
        let names = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = result.items.map { user -> [String: Any] in
            ["id": user.id.uuidString.lowercased(), "name": user.displayName, "username": user.username,
             "organisation": names[user.organisationID] ?? "", "roles": roleNames(user.roles, language), "disabled": user.disabled]
        }
        var values: [String: Any] = [
            "users": rows, "empty": rows.isEmpty,
            "organisations": organisations.map { ["id": $0.id.uuidString.lowercased(), "name": $0.name, "selected": $0.id == chosen] },
        ]
        if let next = result.nextCursor {
            values["next"] = "/admin/users?" + (chosen.map { "organisation=\($0.uuidString.lowercased())&" } ?? "") + "after=\(next)"
        }
        return view.page("users", title: view.messages.text("web.users.title", language), values: values, session: session, request: request)
    }

    /// GET /admin/users/new and the same form again with what was refused.
    func newUserPage(_ request: Request, posted: WebForm? = nil, problem: Problem? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        try session.actor.require(anyOf: .admin)
        let organisations = try await allOrganisations(session.actor)
        let chosenRoles = Set(posted?.values("roles") ?? [])
        var values: [String: Any] = [
            "organisations": organisations.map { organisation -> [String: Any] in
                ["id": organisation.id.uuidString.lowercased(), "name": organisation.name,
                 "selected": posted?["organisationId"] == organisation.id.uuidString.lowercased()]
            },
            "roles": Self.peopleRoles.map { ["code": $0.rawValue, "name": view.messages.text("role.\($0.rawValue)", language),
                                             "checked": chosenRoles.contains($0.rawValue)] },
            "username": posted?["username"] ?? "", "displayName": posted?["displayName"] ?? "", "email": posted?["email"] ?? "",
        ]
        if let problem {
            let notice = PageNotice(problem, view: view, language: language)
            values["notice"] = notice.message
            for field in ["organisationId", "username", "displayName", "email", "password", "roles"] {
                values["\(field)Error"] = notice.fieldErrors[field] as Any
            }
        }
        return view.page("user-new", title: view.messages.text("web.users.new", language), values: values, session: session, request: request,
                         status: WebView.status(problem))
    }

    /// POST /admin/users.
    func createUser(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            let email = form["email"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            do {
                guard let organisation = form["organisationId"].flatMap(UUID.init(uuidString:)) else {
                    throw Problem.invalid("/organisationId", "required")
                }
                let user = try await services.accounts.createUser(.init(organisationID: organisation, username: form["username"] ?? "",
                                                                        displayName: form["displayName"] ?? "", email: email,
                                                                        password: form["password"] ?? "", roles: form.values("roles")),
                                                                  by: session.actor)
                return WebView.redirect(to: "/admin/users/\(user.id.uuidString.lowercased())?created=1")
            } catch let problem as Problem where problem.status == .unprocessable || problem.status == .conflict {
                return try await newUserPage(request, posted: form, problem: problem, session: session)
            }
        }
    }

    /// GET /admin/users/{id}: the account, its change form and the new-password form.
    func userPage(_ request: Request, id: UUID, notice: PageNotice? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        try session.actor.require(anyOf: .admin)
        let user = try await services.accounts.user(id, by: session.actor)
        let organisation = try await allOrganisations(session.actor).first { $0.id == user.organisationID }
        var values: [String: Any] = [
            "id": id.uuidString.lowercased(), "version": user.version, "username": user.username, "displayName": user.displayName,
            "email": user.email ?? "", "disabled": user.disabled, "organisation": organisation?.name ?? "",
            "roles": Self.peopleRoles.map { ["code": $0.rawValue, "name": view.messages.text("role.\($0.rawValue)", language),
                                             "checked": user.roles.contains($0)] },
            "me": user.id == session.actor.userID,
        ]
        if WebQuery(request)["created"] == "1" { values["saved"] = view.messages.text("web.users.created", language) }
        if WebQuery(request)["saved"] == "1" { values["saved"] = view.messages.text("web.users.saved", language) }
        if WebQuery(request)["password"] == "1" { values["saved"] = view.messages.text("web.users.password_reset", language) }
        if let notice {
            values["notice"] = notice.message
            values["stale"] = notice.stale
            for field in ["displayName", "email", "roles", "password"] { values["\(field)Error"] = notice.fieldErrors[field] as Any }
        }
        return view.page("user", title: view.messages.text("web.users.account", language, ["name": user.displayName]), values: values,
                         session: session, request: request, status: notice?.status ?? .ok)
    }

    /// POST /admin/users/{id}: name, e-mail, roles and standing, under the version shown.
    func updateUser(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, form in
            let email = form["email"].map { $0.trimmingCharacters(in: .whitespaces) }
            let changes = AccountService.UserChanges(displayName: form["displayName"], email: .some(email.flatMap { $0.isEmpty ? nil : $0 }),
                                                     roles: form.values("roles"), disabled: form["disabled"] == "yes")
            do {
                _ = try await services.accounts.updateUser(id, changes, expectedVersion: try Self.version(form), by: session.actor)
            } catch let problem as Problem where [.unprocessable, .preconditionFailed, .conflict].contains(problem.status) {
                return try await userPage(request, id: id, notice: PageNotice(problem, view: view, language: session.language), session: session)
            }
            return WebView.redirect(to: "/admin/users/\(id.uuidString.lowercased())?saved=1")
        }
    }

    /// POST /admin/users/{id}/password: a new password, every session of the account ended.
    func resetPassword(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, form in
            do {
                try await services.accounts.resetPassword(id, newPassword: form["password"] ?? "", by: session.actor)
            } catch let problem as Problem where problem.status == .unprocessable {
                return try await userPage(request, id: id, notice: PageNotice(problem, view: view, language: session.language), session: session)
            }
            return WebView.redirect(to: "/admin/users/\(id.uuidString.lowercased())?password=1")
        }
    }

    func roleNames(_ roles: Set<Role>, _ language: Language) -> String {
        roles.sorted().map { view.messages.text(ifPresent: "role.\($0.rawValue)", language) ?? $0.rawValue }.joined(separator: ", ")
    }

    /// Every organisation, for the administrator's choices (a zone has hundreds, not millions).
    func allOrganisations(_ actor: Actor) async throws -> [Organisation] {
        var all: [Organisation] = []
        var cursor: String?
        repeat {
            let page = try await services.organisations.organisations(kind: nil, page: try PageRequest(limit: 200, cursor: cursor), by: actor)
            all += page.items
            cursor = page.nextCursor
        } while cursor != nil && all.count < 5_000
        return all.sorted { $0.name < $1.name }
    }
}
