import FTZCore
import Foundation
import Localization

/// Renders a ``Problem`` as an RFC 9457 document in the caller's language.
struct ProblemDocument: Encodable {
    struct FieldProblem: Encodable {
        let pointer: String
        let reason: String
        let detail: String
    }

    let type: String
    let title: String
    let status: Int
    let detail: String
    let instance: String?
    let requestId: String
    let errors: [FieldProblem]?
    let allowed: [String]?
    /// RFC 6749 §5.2 error code, only on the OAuth token endpoint.
    let error: String?

    init(_ problem: Problem, language: Language, catalogue: MessageCatalogue, requestID: String, instance: String?,
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

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
