import Foundation
import SQLKit
import Storage

/// What the zone knows of containers' journeys, for risk targeting: where each was
/// loaded (its manifests) and since when it has been in the zone.
struct RouteRepository {
    struct Route: Sendable {
        var loadingPort: String?
        var inZoneSince: Date?
    }

    func routes(of containers: [String], on sql: any SQLDatabase) async throws -> [String: Route] {
        var routes: [String: Route] = [:]
        for chunk in SQLBatch.slices(Array(Set(containers))).map(Array.init) {
            struct Loading: Decodable { let container_number: String; let port_of_loading: String }
            for row in try await sql.raw("""
                SELECT listed.container_number, manifest.port_of_loading FROM manifest_containers listed
                JOIN manifests manifest ON manifest.id = listed.manifest_id
                WHERE listed.container_number IN (\(binds: chunk)) ORDER BY manifest.received_at
                """).all(decoding: Loading.self) {
                routes[row.container_number, default: .init()].loadingPort = row.port_of_loading
            }
            struct Arrival: Decodable { let container_number: String; let since: Date }
            for row in try await sql.raw("""
                SELECT container_number, since FROM container_status WHERE in_zone = \(bind: true) AND container_number IN (\(binds: chunk))
                """).all(decoding: Arrival.self) {
                routes[row.container_number, default: .init()].inZoneSince = row.since
            }
        }
        return routes
    }
}
