import Foundation
import FTZCore
import Localization

/// Renders a ``Problem`` as an RFC 9457 document in the caller's language.
public struct ProblemDocument: Encodable {
    public struct FieldProblem: Encodable {
        public let pointer: String
        public let reason: String
        public let detail: String
    }

    public let type: String
    public let title: String
    public let status: Int
    public let detail: String
    public let instance: String?
    public let requestId: String
    public let errors: [FieldProblem]?
    public let allowed: [String]?
    /// RFC 6749 §5.2 error code, only on the OAuth token endpoint.
    public let error: String?

    public init(_ problem: Problem, language: Language, catalogue: MessageCatalogue, requestID: String, instance: String?,
         oauthError: String? = nil) {
        type = "/problems/" + problem.code.replacingOccurrences(of: "_", with: "-")
        status = problem.status.rawValue
        var arguments = problem.arguments
        // A resource name is itself a word to translate ("user" → "người dùng").
        if let resource = arguments["resource"] { arguments["resource"] = catalogue.text("resource.\(resource)", language) }
        arguments["count"] = String(problem.fieldErrors.count)
        // Codes that have a name in the caller's language are shown by that name.
        if let status = arguments["status"], let name = catalogue.text(ifPresent: "status.\(status)", language) {
            arguments["status"] = name
        }
        if let action = arguments["action"], let name = catalogue.text(ifPresent: "action.\(action)", language) {
            arguments["action"] = name
        }
        if let roles = arguments["roles"] {
            arguments["roles"] = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .map { catalogue.text(ifPresent: "role.\($0)", language) ?? $0 }.joined(separator: ", ")
        }
        title = catalogue.text("problem.\(problem.code).title", language, arguments)
        if let retryAfter = problem.retryAfter { arguments["retryAfter"] = String(retryAfter) }
        if !problem.allowed.isEmpty {
            arguments["allowed"] = problem.allowed.map { catalogue.text(ifPresent: "action.\($0)", language) ?? $0 }.joined(separator: ", ")
        }
        detail = catalogue.text(ifPresent: "problem.\(problem.code).detail", language, arguments) ?? title
        self.instance = instance
        self.requestId = requestID
        errors = problem.fieldErrors.isEmpty ? nil : problem.fieldErrors.map { field in
            FieldProblem(pointer: field.pointer, reason: field.reason,
                         detail: catalogue.text("field.\(field.reason)", language, field.arguments))
        }
        allowed = problem.allowed.isEmpty ? nil : problem.allowed
        error = oauthError
    }

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
