import Crypto
import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import Localization

/// How the console's cookies are named and flagged, from the configured public URL
/// (`FTZ_PUBLIC_URL`), never from the request's `Host`: over HTTPS every cookie is `Secure`
/// and carries the `__Host-` prefix (no `Domain`, `Path=/`, so no sibling host can set or
/// shadow it); a development server on plain HTTP uses the bare names.
struct CookiePolicy: Sendable {
    let secure: Bool

    init(publicBase: String) { secure = publicBase.lowercased().hasPrefix("https://") }

    private var prefix: String { secure ? "__Host-" : "" }
    var session: String { prefix + "ftz_session" }
    /// Anonymous browsers only: the random value their forms' CSRF token is derived from.
    var csrfNonce: String { prefix + "ftz_csrf" }
    var language: String { prefix + "ftz_lang" }

    func cookie(_ name: String, _ value: String, maxAge: Int?) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

/// A browser's session: the same opaque token and `Actor` as the API, carried in an
/// HttpOnly, SameSite=Lax cookie instead of an `Authorization` header (the JSON API keeps
/// bearer tokens only), and the CSRF token every form posts back.
///
/// The CSRF token is derived from the session: an HMAC keyed by the session token, or, for a
/// browser not signed in (the sign-in and registration forms), by a random value in a cookie
/// of its own. So a token belongs to one session, and signing in changes it (security
/// review, issue 33: the token was an unsigned double-submit cookie, kept across sign-in).
struct WebSession: Sendable {
    let actor: Actor
    let token: String?
    /// The value every form on the page carries.
    let csrf: String
    /// Whether the browser is new (no session, no nonce): the nonce cookie is then set.
    let issuesCSRF: Bool
    private let nonce: String
    let language: Language
    /// Whether this request chose the language (`?lang=`), so it is remembered.
    let languageChosen: Bool
    let cookies: CookiePolicy

    /// This request's session, resolved once by ``ConsolePageMiddleware``.
    @TaskLocal static var current: WebSession?

    static func resolve(_ request: Request, authentication: AuthenticationService, policy: CookiePolicy) async -> WebSession {
        let sent = Self.cookies(of: request)
        var actor = Actor.anonymous
        var token: String?
        if let candidate = sent[policy.session], !candidate.isEmpty,
           let authenticated = try? await authentication.authenticate(bearer: candidate) {
            actor = authenticated
            token = candidate
        }
        let existing = sent[policy.csrfNonce].flatMap { $0.count == 43 ? $0 : nil }
        let nonce = existing ?? Self.randomToken()
        let chosen = WebQuery(request)["lang"].flatMap { Language(rawValue: String($0)) }
        let remembered = sent[policy.language].flatMap(Language.init(rawValue:))
        return WebSession(actor: actor, token: token, csrf: Self.csrfToken(keyedBy: token ?? nonce),
                          issuesCSRF: token == nil && existing == nil, nonce: nonce,
                          language: chosen ?? remembered ?? RequestScope.current.language, languageChosen: chosen != nil, cookies: policy)
    }

    static func csrfToken(keyedBy secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("ftz console form".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Self.base64URL(Data(mac))
    }

    /// Whether a posted form carries this session's CSRF token.
    func accepts(csrfField: String?) -> Bool {
        guard !issuesCSRF, let csrfField else { return false }
        return ConstantTime.equals(Array(csrfField.utf8), Array(csrf.utf8))
    }

    /// The cookies to set with a page: the nonce for a new anonymous browser, the language when chosen.
    var cookiesToSet: [String] {
        var set: [String] = []
        if issuesCSRF { set.append(cookies.cookie(cookies.csrfNonce, nonce, maxAge: nil)) }
        if languageChosen { set.append(cookies.cookie(cookies.language, language.rawValue, maxAge: 365 * 86_400)) }
        return set
    }

    /// Signing in: the session cookie, and the anonymous nonce retired (forms now take their
    /// token from the session).
    func signedIn(_ token: String, maxAge: Int) -> [String] {
        [cookies.cookie(cookies.session, token, maxAge: maxAge), cookies.cookie(cookies.csrfNonce, "", maxAge: 0)]
    }

    /// Signing out: the session cookie cleared.
    var signedOut: [String] { [cookies.cookie(cookies.session, "", maxAge: 0)] }

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
        base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
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
