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
    /// The largest document a browser may upload (the API's document limit).
    let maximumUploadBytes: Int
    /// The address people reach the service at (`FTZ_PUBLIC_URL`): links in pages and whether
    /// cookies are `Secure`, never taken from a request's `Host`.
    let publicBase: String
    let cookiePolicy: CookiePolicy

    init(services: Capabilities, maximumUploadBytes: Int, publicBase: String) throws {
        self.services = services
        self.maximumUploadBytes = maximumUploadBytes
        self.publicBase = publicBase
        cookiePolicy = CookiePolicy(publicBase: publicBase)
        let zone = services.catalogue.catalogue.zone
        view = try WebView(messages: services.messages, zoneName: zone.name, authority: zone.authority)
    }

    func register(on router: Router<FTZRequestContext>) {
        page(router, .get, "/") { request, _ in try await self.home(request) }
        page(router, .get, "/verify") { request, _ in try await self.verify(request) }
        page(router, .get, "/guide") { request, _ in try await self.guidePage(request) }
        page(router, .get, "/procedures/:code") { request, context in
            try await self.procedurePage(request, code: context.parameters.get("code") ?? "")
        }
        page(router, .get, "/programmes") { request, _ in try await self.programmesPage(request) }
        page(router, .get, "/ledger") { request, _ in try await self.ledgerPage(request) }
        page(router, .get, "/login") { request, _ in try await self.loginPage(request) }
        page(router, .post, "/login") { request, _ in try await self.login(request) }
        page(router, .post, "/logout") { request, _ in try await self.logout(request) }
        page(router, .get, "/register") { request, _ in try await self.registrationPage(request) }
        page(router, .post, "/register") { request, _ in try await self.register(request) }
        page(router, .get, "/dossiers") { request, _ in try await self.dossiers(request) }
        page(router, .get, "/documents") { request, _ in try await self.documentsPage(request) }
        page(router, .get, "/dossiers.csv") { request, _ in try await self.dossiersCSV(request) }
        page(router, .get, "/dossiers/new") { request, _ in
            try await self.filingForm(request, procedureCode: request.uri.queryParameters["procedure"].map(String.init), dossierID: nil)
        }
        page(router, .post, "/dossiers/new") { request, _ in try await self.createDossier(request) }
        page(router, .post, "/dossiers/assign") { request, _ in try await self.assignDossiers(request) }
        page(router, .get, "/dossiers/:id") { request, context in try await self.dossierPage(request, id: try Self.id(context)) }
        page(router, .get, "/dossiers/:id/form") { request, context in
            try await self.filingForm(request, procedureCode: nil, dossierID: try Self.id(context))
        }
        page(router, .post, "/dossiers/:id/form") { request, context in try await self.saveDossierForm(request, id: try Self.id(context)) }
        page(router, .post, "/dossiers/:id/documents") { request, context in try await self.uploadDocument(request, id: try Self.id(context)) }
        page(router, .get, "/dossiers/:id/documents/:document") { request, context in
            try await self.downloadDocument(request, id: try Self.id(context), document: try Self.id(context, "document"))
        }
        page(router, .post, "/dossiers/:id/actions/:action") { request, context in
            try await self.dossierAction(request, id: try Self.id(context), action: context.parameters.get("action") ?? "")
        }
        page(router, .get, "/dossiers/:id/print/:form") { request, context in
            try await self.printedForm(request, id: try Self.id(context), form: context.parameters.get("form") ?? "")
        }
        page(router, .post, "/dossiers/:id/notes") { request, context in try await self.dossierNote(request, id: try Self.id(context)) }
        page(router, .get, "/sla") { request, _ in try await self.serviceLevelBoard(request) }
        page(router, .get, "/sla.csv") { request, _ in try await self.serviceLevelCSV(request) }
        page(router, .get, "/company") { request, _ in try await self.companyPage(request) }
        page(router, .post, "/company/invitations") { request, _ in try await self.inviteColleague(request) }
        page(router, .post, "/company/invitations/:id/revoke") { request, context in
            try await self.revokeInvitation(request, id: try Self.id(context))
        }
        page(router, .get, "/company/webhooks") { request, _ in try await self.webhooksPage(request) }
        page(router, .post, "/company/webhooks") { request, _ in try await self.createWebhook(request) }
        page(router, .get, "/company/webhooks/:id") { request, context in try await self.webhookDeliveries(request, id: try Self.id(context)) }
        page(router, .post, "/company/webhooks/:id/disable") { request, context in
            try await self.disableWebhook(request, id: try Self.id(context))
        }
        page(router, .post, "/company/deliveries/:id/replay") { request, context in
            try await self.replayDelivery(request, id: context.parameters.get("id") ?? "")
        }
        page(router, .get, "/company/clients") { request, _ in try await self.clientsPage(request) }
        page(router, .post, "/company/clients") { request, _ in try await self.createClient(request) }
        page(router, .post, "/company/clients/:id/disable") { request, context in
            try await self.disableClient(request, id: try Self.id(context))
        }
        page(router, .get, "/organisations/:id/trade") { request, context in
            try await self.tradeSummaryPage(request, organisation: try Self.id(context))
        }
        page(router, .get, "/exchange") { request, _ in try await self.exchangePage(request) }
        page(router, .get, "/exchange/:id") { request, context in try await self.exchangeQueries(request, subsystem: try Self.id(context)) }
        page(router, .get, "/invitations/accept") { request, _ in try await self.invitationPage(request) }
        page(router, .post, "/invitations/accept") { request, _ in try await self.acceptInvitation(request) }
        page(router, .get, "/inbox") { request, _ in try await self.inboxPage(request) }
        page(router, .post, "/inbox/read-all") { request, _ in try await self.markRead(request, id: nil) }
        page(router, .post, "/inbox/:id/read") { request, context in try await self.markRead(request, id: try Self.id(context)) }
        page(router, .get, "/alerts") { request, _ in try await self.alertsBoard(request) }
        page(router, .get, "/alerts/live") { request, _ in try await self.liveStream(request) }
        page(router, .post, "/alerts/:id/:action") { request, context in
            try await self.actOnAlert(request, id: try Self.id(context), action: context.parameters.get("action") ?? "")
        }
        page(router, .get, "/containers") { request, _ in
            let number = request.uri.queryParameters["number"].map { String($0).trimmingCharacters(in: .whitespaces).uppercased() } ?? ""
            return WebView.redirect(to: "/containers/\(number.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
        page(router, .get, "/containers/:number") { request, context in
            try await self.containerTrack(request, number: context.parameters.get("number") ?? "")
        }
        page(router, .get, "/dashboard") { request, _ in try await self.dashboard(request) }
        page(router, .post, "/reports/:id/review") { request, context in try await self.reviewReport(request, id: try Self.id(context)) }
        page(router, .get, "/consultations") { request, _ in try await self.consultationInbox(request) }
        page(router, .post, "/consultations/:id/answer") { request, context in
            try await self.answerConsultation(request, id: try Self.id(context))
        }
        page(router, .get, "/certificates/:number") { request, context in
            try await self.certificate(request, number: context.parameters.get("number") ?? "")
        }
        router.get("/static/:file") { _, context in
            guard let file = context.parameters.get("file").flatMap({ Self.staticFiles[$0] }) else { throw HTTPError(.notFound) }
            return file
        }
    }

    /// A page's route, with what its handler refuses shown as a page in the person's
    /// language (a dossier that is not theirs is "not found", as in the API), not as JSON.
    private func page(_ router: Router<FTZRequestContext>, _ method: HTTPRequest.Method, _ path: RouterPath,
                      _ handler: @escaping @Sendable (Request, FTZRequestContext) async throws -> Response) {
        router.on(path, method: method) { request, context in
            do {
                let parameterErrors = ParameterTextMiddleware.errors(in: request)
                guard parameterErrors.isEmpty else { throw Problem(.badRequest, "invalid_parameter", fieldErrors: parameterErrors) }
                return try await handler(request, context)
            } catch let problem as Problem where problem.status == .unauthorized {
                return WebView.redirect(to: "/login")
            } catch let problem as Problem where problem.status != .internalError && problem.status != .serviceUnavailable {
                let session = await self.session(request)
                let document = ProblemDocument(problem, language: session.language, catalogue: self.view.messages, requestID: "", instance: nil)
                // Which parameter was refused, and why, so a person can correct the address they followed.
                let fields = (document.errors ?? []).map { ["name": $0.pointer.replacingOccurrences(of: "query:", with: ""), "detail": $0.detail] }
                return self.view.page("problem", title: document.title,
                                      values: ["detail": document.detail, "fields": fields, "hasFields": !fields.isEmpty],
                                      session: session, request: request, status: HTTPResponse.Status(code: problem.status.rawValue))
            }
        }
    }

    func session(_ request: Request) async -> WebSession {
        await WebSession.resolve(request, authentication: services.authentication, policy: cookiePolicy)
    }

    /// A path's identifier; anything that is not one names no page (404, as for the API).
    static func id(_ context: FTZRequestContext, _ name: String = "id") throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound("dossier") }
        return id
    }

    /// A posted form, handed to `handle` only from a signed-in browser (unless `signedIn` is
    /// false) and with this browser's CSRF token; otherwise sign-in, or the refusal.
    func posted(_ request: Request, signedIn: Bool = true,
                _ handle: (WebSession, WebForm) async throws -> Response) async throws -> Response {
        let session = await session(request)
        if signedIn, !session.actor.isAuthenticated { return WebView.redirect(to: "/login") }
        let form = try await WebForm(request)
        guard session.accepts(csrfField: form["csrf"]) else { return try await refusedForm(request, session: session) }
        return try await handle(session, form)
    }

    /// A form posted without this browser's CSRF token: refused, and the person is told why.
    func refusedForm(_ request: Request, session: WebSession) async throws -> Response {
        try await loginPage(request, error: "web.csrf_rejected", status: .forbidden, session: session)
    }

    /// Where a person lands after signing in: a department its inbox, everyone else the dossiers.
    static func home(of actor: Actor) -> String {
        if !actor.roles.isDisjoint(with: [.investor, .ezaOfficer, .ezaApprover, .admin, .auditor]) { return "/dossiers" }
        if actor.has(.departmentOfficer) { return "/consultations" }
        if actor.has(.programmeOffice) { return "/dashboard" }
        return "/"
    }

    // MARK: Public pages

    func home(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        // The day is in the key: a procedure version published ahead takes effect at midnight.
        return try await view.publicPage("home", key: "home:\(try await services.catalogue.today())", revision: services.catalogue.revision, session: session, request: request) {
            let procedures = try await services.catalogue.procedures().map { procedure -> [String: Any] in
                ["code": procedure.code, "name": procedure.name.text(language),
                 "days": view.messages.text("web.home.days", language, ["count": String(procedure.timeLimit.days)])]
            }
            return (view.messages.text("web.home.title", language), ["procedures": procedures])
        }
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
        try await posted(request, signedIn: false) { session, form in
            let username = form["username"] ?? ""
            do {
                let token = try await services.authentication.login(username: username, password: form["password"] ?? "",
                                                                    clientAddress: RequestScope.current.clientAddress)
                let actor = try await services.authentication.authenticate(bearer: token.accessToken)
                return WebView.redirect(to: Self.home(of: actor), cookies: session.signedIn(token.accessToken, maxAge: token.expiresIn))
            } catch let problem as Problem where problem.status == .unauthorized || problem.status == .tooManyRequests {
                let key = problem.status == .tooManyRequests ? "web.login.throttled" : "web.login.failed"
                return try await loginPage(request, error: key, username: username, status: problem.status == .tooManyRequests ? .tooManyRequests : .unauthorized,
                                           session: session)
            }
        }
    }

    func logout(_ request: Request) async throws -> Response {
        try await posted(request, signedIn: false) { session, _ in
            // The server-side token ends here, not only the cookie.
            if session.actor.isAuthenticated { try await services.authentication.logout(session.actor) }
            return WebView.redirect(to: "/", cookies: session.signedOut)
        }
    }

    /// The console's own CSS and scripts (`Web/static/`, compiled in), cached for an hour.
    static let staticFiles: [String: Response] = {
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        var files: [String: Response] = [:]
        for (path, text) in EmbeddedFiles.contents where path.hasPrefix("Web/static/") {
            let name = String(path.dropFirst("Web/static/".count))
            guard let type = name.split(separator: ".").last.flatMap({ types[String($0)] }) else { continue }
            var headers = HTTPFields()
            headers[.contentType] = type
            headers[.cacheControl] = "public, max-age=3600"
            headers[.xContentTypeOptions] = "nosniff"
            files[name] = Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return files
    }()
}
