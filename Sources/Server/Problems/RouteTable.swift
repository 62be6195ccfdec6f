import FTZCore
import Foundation
import Yams

/// What the OpenAPI document declares about each route, for the answers the router and
/// the generated decoders cannot give precisely: "no such method here" (405 with `Allow`,
/// rather than 404) and which parameter a failed decoding was about.
struct RouteTable: Sendable {
    struct Parameter: Sendable {
        let name: String
        let location: String
        let required: Bool
        let type: String?
        let allowed: [String]?
    }

    private struct Route: Sendable {
        let segments: [String]
        let operations: [String: [Parameter]]
    }

    private let routes: [Route]

    init(openAPIDocument yaml: String) throws {
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
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        routes = paths.map { path, item in
            let item = item as? [String: Any] ?? [:]
            var operations: [String: [Parameter]] = [:]
            for (verb, operation) in item where verbs.contains(verb) {
                let declared = ((operation as? [String: Any])?["parameters"] as? [Any]) ?? []
                operations[verb.uppercased()] = declared.compactMap(resolve)
            }
            return Route(segments: path.split(separator: "/").map(String.init), operations: operations)
        }
    }

    private func matching(_ path: String) -> [(Route, [String])] {
        let segments = path.split(separator: "/").map(String.init)
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { pattern, value in pattern.hasPrefix("{") || pattern == value }
        }.map { ($0, segments) }
    }

    /// The methods allowed on `path`, or nil if no declared path matches it.
    func allowedMethods(for path: String) -> [String]? {
        let found = matching(path)
        guard !found.isEmpty else { return nil }
        return Array(Set(found.flatMap { $0.0.operations.keys })).sorted()
    }

    /// The query and path parameters of this request that break the declaration: missing
    /// when required, not a number where one is declared, or outside a declared enum.
    func parameterErrors(method: String, path: String, query: [String: String]) -> [Problem.FieldError] {
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
                } else if let allowed = parameter.allowed, !allowed.contains(value) {
                    errors.append(.init(pointer, "invalid_value"))
                }
            }
        }
        return errors
    }
}
