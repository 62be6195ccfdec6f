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
        // Nearly every request holds none: one pass over the bytes as sent rules them out
        // without decoding parameters or asking each scalar's category.
        guard mayHoldControlCharacters(request.uri.description) else { return [] }
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

    /// False only when no decoding of `uri` can yield a control character (C0, DEL, C1): no
    /// such byte as sent, and no percent-encoding of one (`%00`–`%1F`, `%7F`, or `%C2`
    /// introducing U+0080–U+009F). Anything else is decided by the slow, exact check.
    static func mayHoldControlCharacters(_ uri: String) -> Bool {
        var bytes = uri.utf8.makeIterator()
        while let byte = bytes.next() {
            // 0xC2 leads U+0080–U+009F in UTF-8 (and never belongs in a URI as sent).
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 { return true }
            guard byte == UInt8(ascii: "%") else { continue }
            guard let high = bytes.next(), let low = bytes.next() else { return false }
            switch (high | 0x20, low | 0x20) {
            case (UInt8(ascii: "0"), _), (UInt8(ascii: "1"), _), (UInt8(ascii: "7"), UInt8(ascii: "f")), (UInt8(ascii: "c"), UInt8(ascii: "2")):
                return true
            default:
                continue
            }
        }
        return false
    }

    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
