import Foundation
import FTZCore
import Hummingbird

/// Refuses a request whose query parameters or path carry control characters (a NUL, a
/// hidden line break) with 400 naming each parameter, before any handler sees them. No
/// identifier, code or search text here may hold one, and PostgreSQL cannot even bind a
/// NUL in text: a stray `%00` in `?procedure=` once surfaced as a 500 instead of an error
/// the caller could act on.
///
/// The API mounts it; the console asks ``errors(in:)`` itself, so its refusal is a page.
public struct ParameterTextMiddleware: RouterMiddleware {
    public typealias Context = FTZRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let errors = Self.errors(in: request)
        guard errors.isEmpty else { throw Problem(.badRequest, "invalid_parameter", fieldErrors: errors) }
        return try await next(request, context)
    }

    /// One error per offending query parameter (`query:<name>`), and one for the path.
    public static func errors(in request: Request) -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        var named = Set<String>()
        for parameter in request.uri.queryParameters {
            let name = String(parameter.key)
            guard hasControlCharacters(String(parameter.value)) || hasControlCharacters(name), named.insert(name).inserted else { continue }
            errors.append(.init("query:\(name)", "control_characters"))
        }
        if hasControlCharacters(request.uri.path.removingPercentEncoding ?? request.uri.path) {
            errors.append(.init("path", "control_characters"))
        }
        return errors
    }

    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
