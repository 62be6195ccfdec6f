import Foundation
import FTZCore
import Yams

/// What the OpenAPI document declares about each route, for the answers the router and
/// the generated decoders cannot give precisely: "no such method here" (405 with `Allow`,
/// rather than 404) and which parameter a failed decoding was about.
public struct RouteTable: Sendable {
    public struct Parameter: Sendable {
        let name: String
        let location: String
        let required: Bool
        let type: String?
        let allowed: [String]?
    }

    private struct Route: Sendable {
        let template: String
        let segments: [String]
        let operations: [String: [Parameter]]
        /// Methods whose operation may be called without credentials (`security: []`).
        let anonymous: Set<String>
    }

    private let routes: [Route]

    public init(openAPIDocument yaml: String) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            routes = []
            return
        }
        let shared = ((root["components"] as? [String: Any])?["parameters"] as? [String: Any]) ?? [:]
        func resolve(_ item: Any) -> Parameter? {
            var object = item as? [String: Any] ?? [:]
            if let reference = object["$ref"] as? String, let name = reference.split(separator: "/").last {
                object = shared[String(name)] as? [String: Any] ?? [:]
            }
            guard let name = object["name"] as? String, let location = object["in"] as? String else { return nil }
            let schema = object["schema"] as? [String: Any]
            return Parameter(name: name, location: location, required: object["required"] as? Bool ?? false,
                             type: schema?["type"] as? String, allowed: schema?["enum"] as? [String])
        }
        // A requirement list that is empty, or holds an empty requirement, lets anyone call.
        func allowsAnonymous(_ security: Any?) -> Bool {
            guard let requirements = security as? [Any] else { return false }
            return requirements.isEmpty || requirements.contains { ($0 as? [String: Any])?.isEmpty == true }
        }
        let anonymousByDefault = root["security"] == nil || allowsAnonymous(root["security"])
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        routes = paths.map { path, item in
            let item = item as? [String: Any] ?? [:]
            var operations: [String: [Parameter]] = [:]
            var anonymous: Set<String> = []
            for (verb, operation) in item where verbs.contains(verb) {
                let operation = operation as? [String: Any] ?? [:]
                let declared = (operation["parameters"] as? [Any]) ?? []
                operations[verb.uppercased()] = declared.compactMap(resolve)
                if operation["security"].map(allowsAnonymous) ?? anonymousByDefault { anonymous.insert(verb.uppercased()) }
            }
            return Route(template: path, segments: path.split(separator: "/").map(String.init), operations: operations,
                         anonymous: anonymous)
        }
    }

    private func matching(_ path: String) -> [(Route, [String])] {
        let segments = path.split(separator: "/").map(String.init)
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { pattern, value in pattern.hasPrefix("{") || pattern == value }
        }.map { ($0, segments) }
    }

    /// The declared template `path` belongs to: where two match, the one with more literal
    /// segments (`/v1/invitations/accept` is not `/v1/invitations/{invitationId}`).
    private func bestRoute(for path: String) -> Route? {
        matching(path).map(\.0).max { Self.literalCount($0) < Self.literalCount($1) }
    }

    /// The declared route `method path` answers to: nil when the path's template has no
    /// such method (a 405 then, whatever a less literal template declares).
    private func route(method: String, path: String) -> Route? {
        bestRoute(for: path).flatMap { $0.operations[method] != nil ? $0 : nil }
    }

    /// The declared path template `method path` answers to (`/v1/dossiers/{dossierId}`).
    public func template(method: String, path: String) -> String? { route(method: method, path: path)?.template }

    /// Whether `method path` is a declared operation that needs credentials: such a call
    /// without any is refused before its body is read or judged.
    public func requiresCredentials(method: String, path: String) -> Bool {
        guard let route = route(method: method, path: path) else { return false }
        return !route.anonymous.contains(method)
    }

    /// Whether the operation `method template` declares the header parameter `name`.
    public func declaresHeader(_ name: String, method: String, template: String) -> Bool {
        routes.first { $0.template == template }?.operations[method]?.contains {
            $0.location == "header" && $0.name.lowercased() == name.lowercased()
        } ?? false
    }

    /// The methods allowed on `path`, or nil if no declared path matches it: those of the
    /// most literal template (`/v1/invitations/accept` is not `/v1/invitations/{invitationId}`).
    public func allowedMethods(for path: String) -> [String]? {
        bestRoute(for: path).map { Array($0.operations.keys).sorted() }
    }

    private static func literalCount(_ route: Route) -> Int { route.segments.filter { !$0.hasPrefix("{") }.count }

    /// A field error a capability raised by its domain name (`cursor`, `treeSize`) placed
    /// where this operation declares the parameter (`query:cursor`); pointers into the body
    /// (`/name`) and those already placed stay as they are.
    public func located(_ error: Problem.FieldError, method: String, path: String) -> Problem.FieldError {
        guard !error.pointer.hasPrefix("/"), !error.pointer.contains(":"),
              let parameter = route(method: method, path: path)?.operations[method]?.first(where: { $0.name == error.pointer })
        else { return error }
        return Problem.FieldError("\(parameter.location):\(parameter.name)", error.reason, arguments: error.arguments)
    }

    /// The query and path parameters of this request that break the declaration: missing
    /// when required, not a number where one is declared, or outside a declared enum.
    public func parameterErrors(method: String, path: String, query: [String: String]) -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        for (route, segments) in matching(path) {
            guard let parameters = route.operations[method] else { continue }
            for parameter in parameters {
                let value: String?
                switch parameter.location {
                case "query": value = query[parameter.name]
                case "path": value = zip(route.segments, segments).first { $0.0 == "{\(parameter.name)}" }?.1
                default: continue
                }
                let pointer = "\(parameter.location):\(parameter.name)"
                guard let value else {
                    if parameter.required { errors.append(.init(pointer, "required")) }
                    continue
                }
                if parameter.type == "integer", Int64(value) == nil {
                    errors.append(.init(pointer, "wrong_type", arguments: ["expected": "integer"]))
                } else if parameter.type == "boolean", value != "true", value != "false" {
                    errors.append(.init(pointer, "wrong_type", arguments: ["expected": "boolean"]))
                } else if let allowed = parameter.allowed, !allowed.contains(value) {
                    errors.append(.init(pointer, "invalid_value"))
                }
            }
        }
        return errors
    }
}
