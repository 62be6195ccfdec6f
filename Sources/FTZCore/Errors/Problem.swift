import Foundation

/// A failure the caller can understand and act on, rendered by the server as an
/// RFC 9457 `application/problem+json` document.
///
/// `code` names both the stable `type` URI and the message-catalogue entries for the
/// localized `title` and `detail`; `arguments` fill the detail's placeholders.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Status: Int, Sendable {
        case badRequest = 400, unauthorized = 401, forbidden = 403, notFound = 404, methodNotAllowed = 405
        case conflict = 409, gone = 410, preconditionFailed = 412, payloadTooLarge = 413
        case unsupportedMediaType = 415, unprocessable = 422, preconditionRequired = 428
        case tooManyRequests = 429, internalError = 500, serviceUnavailable = 503
    }

    /// One offending input: where (a JSON Pointer, or a header/query name such as
    /// `header:If-Match`) and why (a catalogue key).
    public struct FieldError: Sendable, Equatable {
        public let pointer: String
        public let reason: String
        public let arguments: [String: String]
        public init(_ pointer: String, _ reason: String, arguments: [String: String] = [:]) {
            self.pointer = pointer
            self.reason = reason
            self.arguments = arguments
        }
    }

    public var status: Status
    public var code: String
    public var arguments: [String: String]
    public var fieldErrors: [FieldError]
    /// Seconds the caller should wait (429, 503).
    public var retryAfter: Int?
    /// What would have been allowed instead: transitions for a 409, methods for a 405.
    public var allowed: [String]

    public init(_ status: Status, _ code: String, arguments: [String: String] = [:], fieldErrors: [FieldError] = [],
                retryAfter: Int? = nil, allowed: [String] = []) {
        self.status = status
        self.code = code
        self.arguments = arguments
        self.fieldErrors = fieldErrors
        self.retryAfter = retryAfter
        self.allowed = allowed
    }

    public var description: String {
        var text = "\(status.rawValue) \(code)"
        if !fieldErrors.isEmpty { text += " " + fieldErrors.map { "\($0.pointer): \($0.reason)" }.joined(separator: "; ") }
        return text
    }

    public static func unauthenticated() -> Problem { Problem(.unauthorized, "unauthenticated") }
    public static func notFound(_ what: String) -> Problem { Problem(.notFound, "not_found", arguments: ["resource": what]) }
    public static func invalid(_ errors: [FieldError]) -> Problem { Problem(.unprocessable, "validation_failed", fieldErrors: errors) }
    public static func invalid(_ pointer: String, _ reason: String, arguments: [String: String] = [:]) -> Problem {
        invalid([FieldError(pointer, reason, arguments: arguments)])
    }
    public static func conflict(_ code: String, arguments: [String: String] = [:], allowed: [String] = []) -> Problem {
        Problem(.conflict, code, arguments: arguments, allowed: allowed)
    }
    public static func staleVersion() -> Problem { Problem(.preconditionFailed, "precondition_failed") }
}

/// Collects field errors while parsing a command, so one response names every bad field
/// rather than the first only.
public struct FieldValidator: Sendable {
    public private(set) var errors: [Problem.FieldError] = []
    public init() {}

    /// Parses `text` with `parse`, recording the failure under `pointer`.
    public mutating func parse<T>(_ pointer: String, _ text: String?, required: Bool = true,
                                  _ parse: (String) throws(ValueError) -> T) -> T? {
        guard let text, !text.isEmpty else {
            if required { errors.append(.init(pointer, "required")) }
            return nil
        }
        do { return try parse(text) } catch { errors.append(.init(pointer, error.reason)); return nil }
    }

    public mutating func check(_ condition: Bool, _ pointer: String, _ reason: String, arguments: [String: String] = [:]) {
        if !condition { errors.append(.init(pointer, reason, arguments: arguments)) }
    }

    public mutating func add(_ pointer: String, _ reason: String, arguments: [String: String] = [:]) {
        errors.append(.init(pointer, reason, arguments: arguments))
    }

    /// A `YYYY-MM-DD` date, or nil with `date_format` recorded under `pointer`.
    public mutating func date(_ text: String, at pointer: String) -> LocalDate? {
        guard let date = LocalDate(text) else { add(pointer, "date_format"); return nil }
        return date
    }

    /// Throws a 422 naming every recorded field, if any.
    public func finish() throws(Problem) {
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }
}
