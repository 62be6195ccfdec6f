import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import HTTPTypes
import Identity
import OpenAPIRuntime

/// The generated `APIProtocol`, implemented by mapping typed inputs to capability commands
/// and results back to typed outputs. No business rules here: authorisation and
/// validation happen in the services, errors become problems in ``ProblemMiddleware``.
/// One extension per API area lives beside this file.
struct APIHandler: APIProtocol {
    let services: Capabilities
    let metrics: ServerMetrics
    let openAPIDocument: String
    /// Live trade streams per principal.
    let streams: StreamPermits

    /// The caller of the current request, established by ``AuthenticationMiddleware``.
    var actor: Actor { RequestScope.current.actor }

    /// Parses a path identifier; an unparsable one names nothing, so it is a 404.
    func identifier(_ text: String, _ resource: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Problem.notFound(resource) }
        return id
    }

    /// Parses an identifier in a request body or query, naming the field when it is malformed:
    /// a bad body member is a 422, a bad query parameter a 400 like any other parameter.
    func identifier(_ text: String, at pointer: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            if pointer.hasPrefix("query:") { throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init(pointer, "uuid_format")]) }
            throw Problem.invalid(pointer, "uuid_format")
        }
        return id
    }

    func page(limit: Int?, cursor: String?) throws -> PageRequest {
        try PageRequest(limit: limit, cursor: cursor)
    }

    /// Sets the strong entity tag of a versioned resource on the response.
    func tag(version: Int) {
        ResponseDecorations.set(.eTag, "\"\(version)\"")
    }

    /// Sets `Location` (and the `ETag` of a versioned resource) for a 201.
    func created(at path: String, version: Int?) {
        ResponseDecorations.set(.location, path)
        if let version { tag(version: version) }
    }

    /// Answers carrying a token or a secret are never kept by a cache (RFC 6749 §5.1).
    func forbidStoring() {
        ResponseDecorations.set(.cacheControl, "no-store")
        ResponseDecorations.set(HTTPField.Name("Pragma")!, "no-cache")
    }

    /// The version an `If-Match` names; -1 for a tag that cannot be ours (so it mismatches).
    static func version(fromIfMatch header: String?) -> Int? {
        guard let header else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), trimmed.count >= 3 else { return -1 }
        return Int(trimmed.dropFirst().dropLast()) ?? -1
    }

    /// Runs `work`, placing the field errors it raises by domain name where this operation
    /// takes them when their names differ (`purpose` is the `Exchange-Purpose` header). Names
    /// that equal a declared parameter's are placed by ``RouteTable/located(_:method:path:)``.
    static func placing<T>(_ locations: [String: String], _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch var problem as Problem {
            problem.fieldErrors = problem.fieldErrors.map { error in
                locations[error.pointer].map { Problem.FieldError($0, error.reason, arguments: error.arguments) } ?? error
            }
            throw problem
        }
    }

    /// The version an update must still find, from an `If-Match` the contract requires:
    /// 428 without one, so no one overwrites a change they have not seen.
    static func requiredVersion(fromIfMatch header: String?) throws(Problem) -> Int {
        guard let version = version(fromIfMatch: header) else { throw Problem(.preconditionRequired, "if_match_required") }
        return version
    }
}
