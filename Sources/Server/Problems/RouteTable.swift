import Foundation
import Yams

/// The paths and methods the OpenAPI document declares, to tell "no such resource" (404)
/// from "no such method on this resource" (405 with `Allow`), which the router cannot.
struct RouteTable: Sendable {
    private let routes: [(segments: [String], methods: [String])]

    init(openAPIDocument yaml: String) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            routes = []
            return
        }
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        routes = paths.map { path, item in
            let methods = (item as? [String: Any]).map { $0.keys.filter(verbs.contains).map { $0.uppercased() }.sorted() } ?? []
            return (path.split(separator: "/").map(String.init), methods)
        }
    }

    /// The methods allowed on `path`, or nil if no declared path matches it.
    func allowedMethods(for path: String) -> [String]? {
        let segments = path.split(separator: "/").map(String.init)
        let matching = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { pattern, value in pattern.hasPrefix("{") || pattern == value }
        }
        guard !matching.isEmpty else { return nil }
        return Array(Set(matching.flatMap(\.methods))).sorted()
    }
}
