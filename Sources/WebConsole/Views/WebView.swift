import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Localization
import Mustache
import NIOCore
import Programs
import Synchronization
import Risk
import TradeData

/// The console's templates (`Web/templates/*.mustache`, compiled into the binary) and what
/// every page shares: the layout, the language switch, the signed-in user, the security
/// headers. Mustache escapes every value, so no text a user typed reaches a page as markup.
struct WebView: Sendable {
    let library: MustacheLibrary
    let messages: MessageCatalogue
    /// The zone's own names (zone data, not messages): the header, the title, the footer.
    let zoneName: LocalizedText
    let authority: LocalizedText
    let publicPages = PublicPageCache()
    /// Every page's texts in each language, computed once: they change only with the binary.
    let textsByLanguage: [Language: [String: String]]

    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    init(messages: MessageCatalogue, zoneName: LocalizedText, authority: LocalizedText) throws {
        self.zoneName = zoneName
        self.authority = authority
        var library = MustacheLibrary()
        let prefix = "Web/templates/"
        for (path, text) in EmbeddedFiles.contents where path.hasPrefix(prefix) && path.hasSuffix(".mustache") {
            try library.register(text, named: String(path.dropFirst(prefix.count).dropLast(".mustache".count)))
        }
        self.library = library
        self.messages = messages
        let keys = messages.allKeys.filter { $0.hasPrefix("web.") }.sorted().map { ($0, String($0.dropFirst(4)).replacingOccurrences(of: ".", with: "_")) }
        textsByLanguage = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
            var texts = Dictionary(uniqueKeysWithValues: keys.map { ($0.1, messages.text($0.0, language)) })
            texts["footer"] = messages.text("web.footer", language, ["authority": authority.text(language)])
            return (language, texts)
        })
    }

    /// Every message of the catalogue under `web.` in the page's language, for `{{t.name}}`.
    func texts(_ language: Language) -> [String: String] { textsByLanguage[language] ?? [:] }

    /// A whole page: `template` inside the layout, with the session's user and language.
    func page(_ template: String, title: String, values: [String: Any], session: WebSession, request: Request,
              status: HTTPResponse.Status = .ok) -> Response {
        response(html: html(template, title: title, values: values, session: session, request: request), session: session, status: status)
    }

    /// A page every anonymous visitor sees alike (the home page, a procedure): rendered once
    /// per language, path and catalogue revision, then served from memory. A signed-in
    /// visitor's page names them, so it is rendered for them.
    func publicPage(_ template: String, key: String, revision: Int, session: WebSession, request: Request,
                    render: () async throws -> (title: String, values: [String: Any])) async throws -> Response {
        guard !session.actor.isAuthenticated else {
            let (title, values) = try await render()
            return page(template, title: title, values: values, session: session, request: request)
        }
        let cacheKey = "\(key)|\(session.language.rawValue)|\(request.uri.path)|\(revision)"
        if let html = publicPages.html(cacheKey) { return response(html: html, session: session, status: .ok) }
        let (title, values) = try await render()
        let html = html(template, title: title, values: values, session: session, request: request)
        publicPages.store(html, for: cacheKey)
        return response(html: html, session: session, status: .ok)
    }

    private func response(html: String, session: WebSession, status: HTTPResponse.Status) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        for cookie in session.cookiesToSet { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func html(_ template: String, title: String, values: [String: Any], session: WebSession, request: Request) -> String {
        var context = Self.withoutAbsentValues(values)
        let language = session.language
        context["t"] = texts(language)
        context["zone"] = zoneName.text(language)
        context["title"] = title
        context["lang"] = language.rawValue
        context["csrf"] = session.csrf
        context["path"] = request.uri.path
        context["languages"] = Language.allCases.map { candidate in
            ["code": candidate.rawValue, "name": candidate.nativeName,
             "current": candidate == language] as [String: Any]
        }
        if session.actor.isAuthenticated {
            context["signedIn"] = true
            context["staff"] = session.actor.isAny(of: Role.zoneStaff)
            context["investor"] = session.actor.has(.investor)
            context["department"] = session.actor.has(.departmentOfficer)
            context["monitoring"] = TradeService.monitors(session.actor)
            context["riskQueue"] = RiskService.decidesLanes(session.actor)
            context["administers"] = session.actor.has(.admin)
            context["leaders"] = ProgrammeService.followsPortfolio(session.actor)
        }
        let body = library.render(context, withTemplate: template) ?? ""
        context["content"] = body
        return library.render(context, withTemplate: "layout") ?? body
    }

    /// A page of its own, outside the console's layout (a printed form): the template alone,
    /// with the same security headers.
    func document(_ template: String, values: [String: Any], language: Language) -> Response {
        let html = library.render(Self.withoutAbsentValues(values), withTemplate: template) ?? ""
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The values with every absent optional left out: Mustache would render an `Optional`
    /// boxed in `Any` as a section and print "nil", where a missing value must show nothing.
    static func withoutAbsentValues(_ values: [String: Any]) -> [String: Any] {
        values.compactMapValues(present)
    }

    private static func present(_ value: Any) -> Any? {
        if let optional = value as? any OptionalValue {
            guard let wrapped = optional.wrappedValue else { return nil }
            return present(wrapped)
        }
        if let dictionary = value as? [String: Any] { return withoutAbsentValues(dictionary) }
        if let dictionaries = value as? [[String: Any]] { return dictionaries.map(withoutAbsentValues) }
        return value
    }

    /// A refused form's values: the notice above it and, for each field named, the message
    /// beside it as `<field>Error`; nothing when the form was not refused.
    func refusal(_ problem: Problem?, fields: [String], _ language: Language) -> [String: Any] {
        guard let problem else { return [:] }
        let errors = SchemaForm.errors(problem, messages: messages, language: language, prefix: "/")
        var values: [String: Any] = ["notice": notice(for: problem, language)]
        for field in fields { values[field + "Error"] = errors[field] as Any }
        return values
    }

    /// A page's status: the refusal's, or 200.
    static func status(_ problem: Problem?) -> HTTPResponse.Status {
        problem.map { HTTPResponse.Status(code: $0.status.rawValue) } ?? .ok
    }

    /// What a refused form says at its top: the problem's detail in the page's language,
    /// pointing at the messages beside the fields rather than at the API's `errors` member.
    func notice(for problem: Problem, _ language: Language) -> String {
        switch problem.code {
        case "validation_failed", "invalid_parameter":
            return messages.text("web.form.invalid", language, ["count": String(problem.fieldErrors.count)])
        case "precondition_failed":
            return messages.text("web.dossier.changed_elsewhere", language)
        default:
            return ProblemDocument(problem, language: language, catalogue: messages, requestID: "", instance: nil).detail
        }
    }

    static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[.cacheControl] = "no-store"
        return headers
    }

    /// A CSV file to save (UTF-8; the caller puts the byte-order mark first), with the pages' headers.
    static func csvDownload(_ csv: String, filename: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = ContentDisposition.attachment(filename: filename)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    /// After a form: back to a page with GET (303), setting or clearing cookies.
    static func redirect(to location: String, cookies: [String] = []) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }
}

/// Rendered anonymous pages by language, path and catalogue revision. Bounded: past the
/// limit it starts afresh (pages of old revisions are never asked for again).
final class PublicPageCache: Sendable {
    private let pages = Mutex<[String: String]>([:])
    static let limit = 1_000

    func html(_ key: String) -> String? { pages.withLock { $0[key] } }

    func store(_ html: String, for key: String) {
        pages.withLock { pages in
            if pages.count >= Self.limit { pages.removeAll(keepingCapacity: true) }
            pages[key] = html
        }
    }
}

/// Any `Optional`, whatever it wraps, so an absent value can be recognised inside `Any`.
protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    var wrappedValue: Any? { self.map { $0 as Any } }
}
