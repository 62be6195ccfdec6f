import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import Localization

/// An investor enterprise registering itself and its first account, then signed in: the
/// same registration the API offers (`POST /v1/registrations`), with its throttling.
extension WebConsole {
    /// The registration inputs in order: (name, message key, input type, autocomplete, required).
    private static let registrationInputs: [(String, String, String, String, Bool)] = [
        ("name", "web.register.name", "text", "organization", true),
        ("nameLatin", "web.register.name_latin", "text", "off", false),
        ("country", "web.register.country", "text", "country", true),
        ("taxCode", "web.register.tax_code", "text", "off", false),
        ("displayName", "web.register.display_name", "text", "name", true),
        ("email", "web.register.email", "email", "email", false),
        ("username", "web.register.username", "text", "username", true),
        ("password", "web.register.password", "password", "new-password", true),
    ]

    func registrationPage(_ request: Request, form: WebForm? = nil, problem: Problem? = nil, session given: WebSession? = nil) async throws
        -> Response
    {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let errors = problem.map { SchemaForm.errors($0, messages: view.messages, language: language, prefix: "/") } ?? [:]
        var values: [String: Any] = ["fields": accountFields(Self.registrationInputs, form: form, errors: errors, language: language)]
        if let problem {
            values["notice"] = view.notice(for: problem, language)
        }
        let status = WebView.status(problem)
        return view.page("register", title: view.messages.text("web.register.title", language), values: values, session: session,
                         request: request, status: status)
    }

    /// Plain inputs (name, message key, type, autocomplete, required) for the fields partial,
    /// with what was typed (never a password), the hint and the error beside each.
    func accountFields(_ inputs: [(String, String, String, String, Bool)], form: WebForm?, errors: [String: String],
                       language: Language) -> [[String: Any]] {
        inputs.map { name, key, type, autocomplete, required -> [String: Any] in
            var field: [String: Any] = ["name": name, "id": "field-\(name)", "label": view.messages.text(key, language), "input": true,
                                        "inputType": type, "autocomplete": autocomplete, "required": required,
                                        "value": type == "password" ? "" : (form?[name] ?? "")]
            if let hint = view.messages.text(ifPresent: "\(key)_hint", language) { field["hint"] = hint }
            if let error = errors[name] { field["error"] = error }
            SchemaForm.describe(&field)
            return field
        }
    }

    /// POST /register: the enterprise and its account, then a session for it.
    func register(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            func optional(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
            let registration = OrganisationService.Registration(
                organisation: .init(kind: .investorEnterprise, name: form["name"] ?? "", nameLatin: optional("nameLatin"),
                                    country: (form["country"] ?? "").trimmingCharacters(in: .whitespaces).uppercased(),
                                    taxCode: optional("taxCode"), preferredLanguage: session.language.rawValue),
                username: form["username"] ?? "", displayName: form["displayName"] ?? "", email: optional("email"),
                password: form["password"] ?? "")
            let address = RequestScope.current.clientAddress
            do {
                _ = try await services.organisations.register(registration, clientAddress: address)
                let token = try await services.authentication.login(username: registration.username, password: registration.password,
                                                                    clientAddress: address)
                return WebView.redirect(to: "/dossiers", cookies: session.signedIn(token.accessToken, maxAge: token.expiresIn))
            } catch let problem as Problem where [.unprocessable, .conflict, .tooManyRequests, .badRequest].contains(problem.status) {
                return try await registrationPage(request, form: form, problem: problem, session: session)
            }
        }
    }
}
