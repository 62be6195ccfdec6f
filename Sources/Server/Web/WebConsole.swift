import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Licensing
import Localization
import NIOCore

/// The web console beside the JSON API: server-rendered pages on the same capability
/// services and rules (nothing here decides what a role may do; the services answer as
/// they answer the API). Pages work without JavaScript.
struct WebConsole: Sendable {
    let services: Capabilities
    let view: WebView

    init(services: Capabilities) throws {
        self.services = services
        let zone = services.catalogue.catalogue.zone
        view = try WebView(messages: services.messages, zoneName: zone.name, authority: zone.authority)
    }

    func register(on router: Router<FTZRequestContext>) {
        router.get("/") { request, _ in try await self.home(request) }
        router.get("/verify") { request, _ in try await self.verify(request) }
        router.get("/login") { request, _ in try await self.loginPage(request) }
        router.post("/login") { request, _ in try await self.login(request) }
        router.post("/logout") { request, _ in try await self.logout(request) }
        router.get("/dossiers") { request, _ in try await self.dossiers(request) }
        router.get("/static/console.css") { _, _ in Self.stylesheet }
    }

    private func session(_ request: Request) async -> WebSession {
        await WebSession.resolve(request, authentication: services.authentication)
    }

    // MARK: Public pages

    func home(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let procedures = try await services.catalogue.procedures().map { procedure -> [String: Any] in
            ["code": procedure.code, "name": procedure.name.text(language),
             "days": view.messages.text("web.home.days", language, ["count": String(procedure.timeLimit.days)])]
        }
        return view.page("home", title: view.messages.text("web.home.title", language), values: ["procedures": procedures],
                         session: session, request: request)
    }

    func verify(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        var values: [String: Any] = [:]
        let number = request.uri.queryParameters["number"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        values["number"] = number
        if !number.isEmpty {
            do {
                let verification = try await services.licensing.verify(number)
                let issuedOn = try await services.catalogue.calendar().localDate(of: verification.issuedAt)
                values["result"] = [
                    "status": view.messages.text("web.verify.status.\(verification.status.rawValue)", language),
                    "valid": verification.status == .valid && verification.signatureValid,
                    "type": verification.certificateType,
                    "issuedOn": view.messages.display(issuedOn, language),
                    "supersededBy": verification.supersededBy as Any,
                ] as [String: Any]
            } catch let problem as Problem where problem.status == .notFound {
                values["notFound"] = true
            } catch let problem as Problem where problem.status == .badRequest || problem.status == .unprocessable {
                values["invalid"] = true
            }
        }
        return view.page("verify", title: view.messages.text("web.verify.title", language), values: values, session: session,
                         request: request, status: values["notFound"] != nil ? .notFound : .ok)
    }

    // MARK: Signing in and out

    func loginPage(_ request: Request, error: String? = nil, username: String = "", status: HTTPResponse.Status = .ok,
                   session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        var values: [String: Any] = ["username": username]
        if let error { values["error"] = view.messages.text(error, session.language) }
        return view.page("login", title: view.messages.text("web.login.title", session.language), values: values, session: session,
                         request: request, status: status)
    }

    func login(_ request: Request) async throws -> Response {
        let session = await session(request)
        let form = try await WebForm(request)
        guard session.accepts(csrfField: form["csrf"]) else {
            return try await loginPage(request, error: "web.csrf_rejected", status: .forbidden, session: session)
        }
        let username = form["username"] ?? ""
        do {
            let token = try await services.authentication.login(username: username, password: form["password"] ?? "",
                                                                clientAddress: RequestScope.current.clientAddress)
            return WebView.redirect(to: "/dossiers", cookies: [
                WebSession.cookie(WebSession.sessionCookie, token.accessToken, maxAge: token.expiresIn, secure: session.secure),
            ])
        } catch let problem as Problem where problem.status == .unauthorized || problem.status == .tooManyRequests {
            let key = problem.status == .tooManyRequests ? "web.login.throttled" : "web.login.failed"
            return try await loginPage(request, error: key, username: username, status: problem.status == .tooManyRequests ? .tooManyRequests : .unauthorized,
                                       session: session)
        }
    }

    func logout(_ request: Request) async throws -> Response {
        let session = await session(request)
        let form = try await WebForm(request)
        guard session.accepts(csrfField: form["csrf"]) else {
            return try await loginPage(request, error: "web.csrf_rejected", status: .forbidden, session: session)
        }
        // The server-side token ends here, not only the cookie.
        if session.actor.isAuthenticated { try await services.authentication.logout(session.actor) }
        return WebView.redirect(to: "/", cookies: [WebSession.cookie(WebSession.sessionCookie, "", maxAge: 0, secure: session.secure)])
    }

    // MARK: Dossiers

    /// An investor's applications, or the Authority's queue: the same list call the API
    /// makes, so each sees exactly what the service lets them see.
    func dossiers(_ request: Request) async throws -> Response {
        let session = await session(request)
        guard session.actor.isAuthenticated else { return WebView.redirect(to: "/login") }
        let language = session.language
        let query = request.uri.queryParameters
        let status = query["status"].flatMap { DossierStatus(rawValue: String($0)) }
        let overdue = query["overdue"] == "1"
        let page = try PageRequest(limit: 50, cursor: query["after"].map(String.init))
        let result = try await services.licensing.list(.init(statuses: status.map { [$0] }, overdue: overdue), page: page, by: session.actor)
        let rows = result.items.map { dossier -> [String: Any] in
            ["reference": dossier.reference ?? "—", "procedure": dossier.procedureCode,
             "status": view.messages.text("status.\(dossier.status.rawValue)", language),
             "appointmentOn": dossier.appointmentOn.map { view.messages.display($0, language) } ?? "—", "overdue": dossier.overdue]
        }
        var values: [String: Any] = ["dossiers": rows, "empty": rows.isEmpty, "overdue": overdue]
        values["statuses"] = DossierStatus.allCases.map { candidate in
            ["code": candidate.rawValue, "name": view.messages.text("status.\(candidate.rawValue)", language), "selected": candidate == status]
                as [String: Any]
        }
        if let next = result.nextCursor {
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "after", value: next)] + (status.map { [URLQueryItem(name: "status", value: $0.rawValue)] } ?? [])
                + (overdue ? [URLQueryItem(name: "overdue", value: "1")] : [])
            values["next"] = "/dossiers" + (components.string ?? "")
        }
        let title = session.actor.has(.investor) ? "web.dossiers.mine" : "web.dossiers.queue"
        return view.page("dossiers", title: view.messages.text(title, language), values: values, session: session, request: request)
    }

    static let stylesheet: Response = {
        var headers = HTTPFields()
        headers[.contentType] = "text/css; charset=utf-8"
        headers[.cacheControl] = "public, max-age=3600"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: EmbeddedFiles.contents["Web/static/console.css"] ?? "")))
    }()
}
