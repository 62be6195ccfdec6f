import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import Licensing
import Localization
import NIOCore
import TradeData

/// The web console beside the JSON API: server-rendered pages on the same capability
/// services and rules (nothing here decides what a role may do; the services answer as
/// they answer the API). Pages work without JavaScript.
struct WebConsole: Sendable, ProblemPageRendering {
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

    /// Mounts the console's routes: public pages and the signed-in ones, each group with
    /// its own layers (the session and HTML problems, sign-in, body limits), and the assets.
    func mount(on router: Router<FTZRequestContext>) {
        let pages = ConsolePageMiddleware(console: self)
        let limits = BodyLimitMiddleware { method, route in
            Self.allowance(method: method, route: route, maximumUploadBytes: maximumUploadBytes)
        }
        let open = router.group().add(middleware: pages).add(middleware: limits)
        let signedIn = router.group().add(middleware: pages).add(middleware: SignInRequiredMiddleware()).add(middleware: limits)
        open.on("/", method: .get) { request, _ in try await self.home(request) }
        open.on("/verify", method: .get) { request, _ in try await self.verify(request) }
        open.on("/status", method: .get) { request, _ in try await self.statusLookup(request) }
        open.on("/guide", method: .get) { request, _ in try await self.guidePage(request) }
        open.on("/procedures/:code", method: .get) { request, context in
            try await self.procedurePage(request, code: context.parameters.get("code") ?? "")
        }
        open.on("/programmes", method: .get) { request, _ in try await self.programmesPage(request) }
        open.on("/ledger", method: .get) { request, _ in try await self.ledgerPage(request) }
        open.on("/login", method: .get) { request, _ in try await self.loginPage(request) }
        open.on("/login", method: .post) { request, _ in try await self.login(request) }
        open.on("/logout", method: .post) { request, _ in try await self.logout(request) }
        open.on("/register", method: .get) { request, _ in try await self.registrationPage(request) }
        open.on("/register", method: .post) { request, _ in try await self.register(request) }
        open.on("/invitations/accept", method: .get) { request, _ in try await self.invitationPage(request) }
        open.on("/invitations/accept", method: .post) { request, _ in try await self.acceptInvitation(request) }
        signedIn.on("/dossiers", method: .get) { request, _ in try await self.dossiers(request) }
        signedIn.on("/documents", method: .get) { request, _ in try await self.documentsPage(request) }
        signedIn.on("/dossiers.csv", method: .get) { request, _ in try await self.dossiersCSV(request) }
        signedIn.on("/dossiers/new", method: .get) { request, _ in
            try await self.filingForm(request, procedureCode: WebQuery(request)["procedure"].map(String.init), dossierID: nil)
        }
        signedIn.on("/dossiers/new", method: .post) { request, _ in try await self.createDossier(request) }
        signedIn.on("/dossiers/assign", method: .post) { request, _ in try await self.assignDossiers(request) }
        signedIn.on("/dossiers/:id", method: .get) { request, context in try await self.dossierPage(request, id: try Self.id(context)) }
        signedIn.on("/dossiers/:id/form", method: .get) { request, context in
            try await self.filingForm(request, procedureCode: nil, dossierID: try Self.id(context))
        }
        signedIn.on("/dossiers/:id/review", method: .get) { request, context in try await self.reviewPage(request, id: try Self.id(context)) }
        signedIn.on("/dossiers/:id/form", method: .post) { request, context in try await self.saveDossierForm(request, id: try Self.id(context)) }
        signedIn.on("/dossiers/:id/documents", method: .post) { request, context in try await self.uploadDocument(request, id: try Self.id(context)) }
        signedIn.on("/dossiers/:id/documents/:document/replace", method: .post) { request, context in
            try await self.uploadDocument(request, id: try Self.id(context), replacing: try Self.id(context, "document"))
        }
        signedIn.on("/dossiers/:id/documents/:document/remove", method: .post) { request, context in
            try await self.removeDocument(request, id: try Self.id(context), document: try Self.id(context, "document"))
        }
        signedIn.on("/dossiers/:id/documents/:document", method: .get) { request, context in
            try await self.downloadDocument(request, id: try Self.id(context), document: try Self.id(context, "document"))
        }
        signedIn.on("/dossiers/:id/actions/:action", method: .post) { request, context in
            try await self.dossierAction(request, id: try Self.id(context), action: context.parameters.get("action") ?? "")
        }
        signedIn.on("/dossiers/:id/print/:form", method: .get) { request, context in
            try await self.printedForm(request, id: try Self.id(context), form: context.parameters.get("form") ?? "")
        }
        signedIn.on("/dossiers/:id/rating", method: .post) { request, context in try await self.rateDossier(request, id: try Self.id(context)) }
        signedIn.on("/dossiers/:id/notes", method: .post) { request, context in try await self.dossierNote(request, id: try Self.id(context)) }
        signedIn.on("/sla", method: .get) { request, _ in try await self.serviceLevelBoard(request) }
        signedIn.on("/sla.csv", method: .get) { request, _ in try await self.serviceLevelCSV(request) }
        signedIn.on("/company", method: .get) { request, _ in try await self.companyPage(request) }
        signedIn.on("/company/invitations", method: .post) { request, _ in try await self.inviteColleague(request) }
        signedIn.on("/company/invitations/:id/revoke", method: .post) { request, context in
            try await self.revokeInvitation(request, id: try Self.id(context))
        }
        signedIn.on("/company/webhooks", method: .get) { request, _ in try await self.webhooksPage(request) }
        signedIn.on("/company/webhooks", method: .post) { request, _ in try await self.createWebhook(request) }
        signedIn.on("/company/webhooks/:id", method: .get) { request, context in try await self.webhookDeliveries(request, id: try Self.id(context)) }
        signedIn.on("/company/webhooks/:id/disable", method: .post) { request, context in
            try await self.disableWebhook(request, id: try Self.id(context))
        }
        signedIn.on("/company/deliveries/:id/replay", method: .post) { request, context in
            try await self.replayDelivery(request, id: context.parameters.get("id") ?? "")
        }
        signedIn.on("/company/clients", method: .get) { request, _ in try await self.clientsPage(request) }
        signedIn.on("/company/clients", method: .post) { request, _ in try await self.createClient(request) }
        signedIn.on("/company/clients/:id/disable", method: .post) { request, context in
            try await self.disableClient(request, id: try Self.id(context))
        }
        signedIn.on("/organisations/:id/trade", method: .get) { request, context in
            try await self.tradeSummaryPage(request, organisation: try Self.id(context))
        }
        signedIn.on("/exchange", method: .get) { request, _ in try await self.exchangePage(request) }
        signedIn.on("/exchange/:id", method: .get) { request, context in try await self.exchangeQueries(request, subsystem: try Self.id(context)) }
        signedIn.on("/inbox", method: .get) { request, _ in try await self.inboxPage(request) }
        signedIn.on("/inbox/read-all", method: .post) { request, _ in try await self.markRead(request, id: nil) }
        signedIn.on("/inbox/:id/read", method: .post) { request, context in try await self.markRead(request, id: try Self.id(context)) }
        signedIn.on("/alerts", method: .get) { request, _ in try await self.alertsBoard(request) }
        signedIn.on("/alerts/live", method: .get) { request, _ in try await self.liveStream(request) }
        signedIn.on("/alerts/:id/:action", method: .post) { request, context in
            try await self.actOnAlert(request, id: try Self.id(context), action: context.parameters.get("action") ?? "")
        }
        signedIn.on("/containers", method: .get) { request, _ in
            let number = WebQuery(request)["number"].map { String($0).trimmingCharacters(in: .whitespaces).uppercased() } ?? ""
            return WebView.redirect(to: "/containers/\(number.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
        signedIn.on("/containers/:number", method: .get) { request, context in
            try await self.containerTrack(request, number: context.parameters.get("number") ?? "")
        }
        signedIn.on("/admin/users", method: .get) { request, _ in try await self.usersPage(request) }
        signedIn.on("/admin/users", method: .post) { request, _ in try await self.createUser(request) }
        signedIn.on("/admin/users/new", method: .get) { request, _ in try await self.newUserPage(request) }
        signedIn.on("/admin/users/:id", method: .get) { request, context in try await self.userPage(request, id: try Self.id(context)) }
        signedIn.on("/admin/users/:id", method: .post) { request, context in try await self.updateUser(request, id: try Self.id(context)) }
        signedIn.on("/admin/users/:id/password", method: .post) { request, context in
            try await self.resetPassword(request, id: try Self.id(context))
        }
        signedIn.on("/risk", method: .get) { request, _ in try await self.riskQueue(request) }
        signedIn.on("/risk/:id/decide", method: .post) { request, context in try await self.decideLane(request, declaration: try Self.id(context)) }
        signedIn.on("/dashboard", method: .get) { request, _ in try await self.dashboard(request) }
        signedIn.on("/reports/:id/review", method: .post) { request, context in try await self.reviewReport(request, id: try Self.id(context)) }
        signedIn.on("/consultations", method: .get) { request, _ in try await self.consultationInbox(request) }
        signedIn.on("/consultations/:id/answer", method: .post) { request, context in
            try await self.answerConsultation(request, id: try Self.id(context))
        }
        signedIn.on("/certificates/:number/pdf", method: .get) { request, context in
            try await self.certificatePDF(request, number: context.parameters.get("number") ?? "")
        }
        signedIn.on("/certificates/:number", method: .get) { request, context in
            try await self.certificate(request, number: context.parameters.get("number") ?? "")
        }
        router.get("/static/:file") { _, context in
            guard let file = context.parameters.get("file").flatMap({ Self.staticFiles[$0] }) else { throw HTTPError(.notFound) }
            return file
        }
    }

    /// The upload's handler streams its own body once the session and the form's CSRF token
    /// are known; every other form is small.
    static func allowance(method: HTTPRequest.Method, route: String, maximumUploadBytes: Int) -> BodyLimitMiddleware.Allowance {
        guard method == .post, uploadRoutes.contains(route) else { return .init(maximumBytes: maximumFormBytes) }
        return .init(maximumBytes: maximumUploadBytes + MultipartForm.framing, handlerReads: true)
    }

    static let uploadRoute = "/dossiers/{id}/documents"
    /// The routes a file is posted to: a new document, and one in another's place.
    static let uploadRoutes: Set<String> = [uploadRoute, "/dossiers/{id}/documents/{document}/replace"]
    /// A form's fields (the filing form's longest texts included).
    static let maximumFormBytes = 1 << 20

    /// A refusal as a page in the reader's language: what went wrong in words meant for
    /// a person (the API's wording names endpoints and headers), and each refused
    /// parameter's reason, so the address followed can be corrected.
    func problemPage(_ problem: Problem, session: WebSession, request: Request) -> Response {
        let language = session.language
        let document = ProblemDocument(problem, language: language, catalogue: view.messages, requestID: "", instance: nil)
        let pageKey = "web.problem.\(Self.pageProblemCode(problem))"
        var arguments = problem.arguments
        if problem.code == "payload_too_large", let bytes = Int(arguments["max"] ?? "") {
            arguments["max"] = LocaleFormat.fileSize(bytes, language)
        }
        let title = view.messages.text(ifPresent: "\(pageKey).title", language) ?? document.title
        let detail = view.messages.text(ifPresent: "\(pageKey).detail", language, arguments) ?? document.detail
        let reasons = (document.errors ?? []).map(\.detail)
        var values: [String: Any] = ["detail": detail, "reasons": reasons, "hasReasons": !reasons.isEmpty]
        if problem.status.rawValue >= 500 { values["reference"] = RequestScope.current.requestID }
        return view.page("problem", title: title, values: values, session: session, request: request,
                         status: HTTPResponse.Status(code: problem.status.rawValue))
    }

    /// The problems a page words differently from the API: an unknown address and an object
    /// one may not see are both "no such page" to a person.
    static func pageProblemCode(_ problem: Problem) -> String {
        switch (problem.status, problem.code) {
        case (_, "route_not_found"), (_, "not_found"): "not_found"
        case (.internalError, _): "internal_error"
        case (.serviceUnavailable, _): "service_unavailable"
        default: problem.code
        }
    }

    /// What a browser gets for a request refused or failed outside the console's own
    /// handlers (an unknown address, a server error): the same page.
    func page(for problem: Problem, request: Request) async -> Response {
        problemPage(problem, session: await session(request), request: request)
    }

    /// The browser's session, resolved once per request by ``ConsolePageMiddleware``.
    func session(_ request: Request) async -> WebSession {
        if let current = WebSession.current { return current }
        return await WebSession.resolve(request, authentication: services.authentication, policy: cookiePolicy)
    }

    /// A path's identifier; anything that is not one names no page (404, as for the API).
    static func id(_ context: FTZRequestContext, _ name: String = "id") throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound("dossier") }
        return id
    }

    /// A posted form, handed to `handle` only with this browser's CSRF token; otherwise the
    /// refusal. (Whether the form needs a signed-in browser is its route group's concern.)
    func posted(_ request: Request, _ handle: (WebSession, WebForm) async throws -> Response) async throws -> Response {
        let session = await session(request)
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
        if actor.isAny(of: Role.zoneStaff.union([.investor])) { return "/dossiers" }
        // Customs works the zone's alerts; other departments answer consultations.
        if TradeService.monitors(actor) { return "/alerts" }
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
                 "days": timeLimitText(procedure.timeLimit, language)]
            }
            return (view.messages.text("web.home.title", language), ["procedures": procedures])
        }
    }

    func verify(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        var values: [String: Any] = [:]
        let number = WebQuery(request)["number"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        values["number"] = number
        if !number.isEmpty {
            do {
                let verification = try await services.licensing.verify(number)
                let issuedOn = try await services.catalogue.calendar().localDate(of: verification.issuedAt)
                values["result"] = [
                    "status": view.messages.text("web.verify.status.\(verification.status.rawValue)", language),
                    "valid": verification.status == .valid && verification.signatureValid,
                    "type": verification.title?.text(language) ?? verification.certificateType,
                    "holder": verification.holder as Any,
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

    func loginPage(_ request: Request, error: String? = nil, username: String = "", returnPath: String? = nil,
                   status: HTTPResponse.Status = .ok, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        var values: [String: Any] = ["username": username]
        let next = request.method == .get ? WebQuery(request)["next"].map(String.init) : nil
        if let path = returnPath ?? SignInRequiredMiddleware.returnPath(next) { values["next"] = path }
        if let error { values["error"] = view.messages.text(error, session.language) }
        return view.page("login", title: view.messages.text("web.login.title", session.language), values: values, session: session,
                         request: request, status: status)
    }

    func login(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            let username = form["username"] ?? ""
            let returnPath = SignInRequiredMiddleware.returnPath(form["next"])
            do {
                let token = try await services.authentication.login(username: username, password: form["password"] ?? "",
                                                                    clientAddress: RequestScope.current.clientAddress)
                let actor = try await services.authentication.authenticate(bearer: token.accessToken)
                return WebView.redirect(to: returnPath ?? Self.home(of: actor), cookies: session.signedIn(token.accessToken, maxAge: token.expiresIn))
            } catch let problem as Problem where problem.status == .unauthorized || problem.status == .tooManyRequests {
                let key = problem.status == .tooManyRequests ? "web.login.throttled" : "web.login.failed"
                return try await loginPage(request, error: key, username: username, returnPath: returnPath,
                                           status: problem.status == .tooManyRequests ? .tooManyRequests : .unauthorized, session: session)
            }
        }
    }

    func logout(_ request: Request) async throws -> Response {
        try await posted(request) { session, _ in
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
