import Foundation
import FTZCore
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime

/// Turns whatever a handler, the generated decoding code or Hummingbird threw into a
/// ``Problem`` the caller can act on. Anything unrecognised is a 500 with no detail
/// (and a log line with everything, for the operator).
public enum ErrorTranslation {
    public static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let serverError as ServerError:
            return problem(for: serverError, logger: logger)
        case let decoding as DecodingError:
            return problem(for: decoding)
        case let date as FastDateTranscoder.InvalidDate:
            // JSONDecoder hands a custom date decoder no coding path to report, so the
            // problem names the value instead of its member.
            return Problem(.unprocessable, "validation_failed",
                           fieldErrors: [.init("", "date_time_format", arguments: ["value": String(date.text.prefix(40))])])
        case let http as HTTPError:
            return problem(for: http)
        case let responseError as any HTTPResponseError where responseError.status == .contentTooLarge:
            return Problem(.payloadTooLarge, "payload_too_large")
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalError, "internal_error")
        }
    }

    /// Whether the generated code failed to decode the request (body or parameters).
    public static func isDecodingFailure(_ error: any Error) -> Bool {
        guard let serverError = error as? ServerError else { return error is DecodingError }
        return serverError.underlyingError is DecodingError || serverError.httpStatus == .badRequest
    }

    private static func problem(for error: ServerError, logger: Logger) -> Problem {
        let underlying = error.underlyingError
        if underlying is Problem || underlying is DecodingError || underlying is HTTPError || underlying is FastDateTranscoder.InvalidDate {
            return problem(for: underlying, logger: logger)
        }
        // The runtime's own errors are internal types; their status and payload are public
        // through HTTPResponseConvertible and reflection.
        if let decoding = firstPayload(of: DecodingError.self, in: underlying) {
            return problem(for: decoding)
        }
        let description = error.causeDescription + " " + String(describing: underlying)
        switch error.httpStatus {
        case .unsupportedMediaType:
            return Problem(.unsupportedMediaType, "unsupported_media_type", fieldErrors: [.init("header:Content-Type", "content_type")])
        case .badRequest:
            if description.contains("body") {
                return Problem(.badRequest, "body_required", fieldErrors: [.init("", "required")])
            }
            if let name = firstPayload(of: String.self, in: underlying) {
                // A write without the version it changes: RFC 6585's answer, not a bad request.
                if name.lowercased() == "if-match" { return Problem(.preconditionRequired, "if_match_required") }
                let location = description.contains("header") ? "header" : description.contains("path") ? "path" : "query"
                return Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("\(location):\(name)", "required")])
            }
            return Problem(.badRequest, "malformed_request")
        case .notAcceptable:
            return Problem(.badRequest, "not_acceptable", fieldErrors: [.init("header:Accept", "not_acceptable")])
        default:
            logger.error("request failed", metadata: ["operation": "\(error.operationID)", "error": "\(String(reflecting: underlying))"])
            return Problem(.internalError, "internal_error")
        }
    }

    /// A JSON body that does not fit the schema: syntax errors are 400, a wrong type, a
    /// missing member or an unknown enum value is 422 naming the member.
    public static func problem(for error: DecodingError) -> Problem {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return Problem(.badRequest, "malformed_json", fieldErrors: [.init("", "json_syntax")])
        case .dataCorrupted(let context):
            return Problem.invalid(pointer(context.codingPath), "invalid_value")
        case .typeMismatch(let type, let context):
            return Problem.invalid(pointer(context.codingPath), "wrong_type", arguments: ["expected": typeName(type)])
        case .valueNotFound(_, let context):
            return Problem.invalid(pointer(context.codingPath), "required")
        case .keyNotFound(let key, let context):
            return Problem.invalid(pointer(context.codingPath + [key]), "required")
        @unknown default:
            return Problem(.badRequest, "malformed_json")
        }
    }

    private static func problem(for error: HTTPError) -> Problem {
        switch error.status {
        case .notFound: Problem(.notFound, "route_not_found")
        case .contentTooLarge: Problem(.payloadTooLarge, "payload_too_large")
        case .unsupportedMediaType: Problem(.unsupportedMediaType, "unsupported_media_type")
        case .methodNotAllowed: Problem(.methodNotAllowed, "method_not_allowed")
        case .unauthorized: Problem.unauthenticated()
        default: Problem(.badRequest, "malformed_request")
        }
    }

    /// RFC 6901 JSON Pointer of a coding path (`/roles/2`), escaping `~` and `/`.
    public static func pointer(_ path: [any CodingKey]) -> String {
        path.map { key in
            "/" + (key.intValue.map(String.init) ?? key.stringValue
                .replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"))
        }.joined()
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Bool.Type: "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: "integer"
        case is Double.Type, is Float.Type: "number"
        default: String(describing: type).contains("Array") ? "array" : "object"
        }
    }

    /// Finds a value of type `T` among the associated values of an enum (recursively).
    private static func firstPayload<T>(of type: T.Type, in value: Any, depth: Int = 0) -> T? {
        if depth > 0, let match = value as? T { return match }
        guard depth < 4 else { return nil }
        for child in Mirror(reflecting: value).children {
            if let match = firstPayload(of: type, in: child.value, depth: depth + 1) { return match }
        }
        return nil
    }
}
