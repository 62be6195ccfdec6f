import Crypto
import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Localization

/// A browser's session: the same opaque token and `Actor` as the API, carried in an
/// HttpOnly, SameSite=Lax cookie instead of an `Authorization` header (the JSON API keeps
/// bearer tokens only), and a double-submit CSRF token that every form posts back.
struct WebSession: Sendable {
    static let sessionCookie = "ftz_session"
    static let csrfCookie = "ftz_csrf"
    static let languageCookie = "ftz_lang"

    let actor: Actor
    let token: String?
    /// The value every form on the page carries; a new one is issued when the browser has none.
    let csrf: String
    let issuesCSRF: Bool
    let language: Language
    /// Whether this request chose the language (`?lang=`), so it is remembered.
    let languageChosen: Bool
    /// The cookie may only be sent over HTTPS, except to a browser on the same machine.
    let secure: Bool

    static func resolve(_ request: Request, authentication: AuthenticationService) async -> WebSession {
        let cookies = Self.cookies(of: request)
        var actor = Actor.anonymous
        var token: String?
        if let candidate = cookies[sessionCookie], !candidate.isEmpty,
           let authenticated = try? await authentication.authenticate(bearer: candidate) {
            actor = authenticated
            token = candidate
        }
        let existing = cookies[csrfCookie].flatMap { $0.count == 43 ? $0 : nil }
        let chosen = request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) }
        let remembered = cookies[languageCookie].flatMap(Language.init(rawValue:))
        return WebSession(actor: actor, token: token, csrf: existing ?? Self.randomToken(), issuesCSRF: existing == nil,
                          language: chosen ?? remembered ?? RequestScope.current.language, languageChosen: chosen != nil,
                          secure: !Self.isLoopback(request))
    }

    /// Whether a posted form carries this browser's CSRF token.
    func accepts(csrfField: String?) -> Bool {
        guard !issuesCSRF, let csrfField else { return false }
        return Data(SHA256.hash(data: Data(csrfField.utf8))) == Data(SHA256.hash(data: Data(csrf.utf8)))
    }

    /// The cookies to set with a page: the CSRF token when new, the language when chosen.
    var cookiesToSet: [String] {
        var cookies: [String] = []
        if issuesCSRF { cookies.append(Self.cookie(Self.csrfCookie, csrf, maxAge: nil, secure: secure)) }
        if languageChosen {
            cookies.append(Self.cookie(Self.languageCookie, language.rawValue, maxAge: 365 * 86_400, secure: secure))
        }
        return cookies
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    static func cookies(of request: Request) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                if cookies[name] == nil { cookies[name] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return cookies
    }

    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func isLoopback(_ request: Request) -> Bool {
        let host = (request.head.authority ?? "").lowercased()
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.split(separator: ":").first ?? "")
        return ["127.0.0.1", "localhost", "::1"].contains(name)
    }
}

/// An `application/x-www-form-urlencoded` body, as browsers post forms. A name may repeat
/// (a group of checkboxes); `values(_:)` gives them all, the subscript the first.
struct WebForm: Sendable {
    let fields: [String: [String]]

    static let maximumBytes = 64 * 1024

    init(_ request: Request) async throws {
        let buffer = try await request.body.collect(upTo: Self.maximumBytes)
        self.init(encoded: String(buffer: buffer))
    }

    init(encoded text: String) {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String { part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part) }
            fields[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        self.fields = fields
    }

    init(fields: [String: String]) { self.fields = fields.mapValues { [$0] } }

    subscript(_ name: String) -> String? { fields[name]?.first }

    func values(_ name: String) -> [String] { fields[name] ?? [] }
}
