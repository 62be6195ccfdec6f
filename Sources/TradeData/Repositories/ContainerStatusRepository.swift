import Foundation
import SQLKit

/// Reads of where each container stands (`container_status`, kept by the event repository
/// as events arrive).
struct ContainerStatusRepository {
    struct Status: Decodable {
        let state: String
        let in_zone: Bool
        let since: Date
        let cargo_type: String
    }

    func status(of container: String, on sql: any SQLDatabase) async throws -> Status? {
        try await sql.raw("""
            SELECT state, in_zone, since, cargo_type FROM container_status WHERE container_number = \(bind: container)
            """).first(decoding: Status.self)
    }

    /// Containers of an organisation standing in the zone now.
    func inZoneCount(of organisation: UUID, on sql: any SQLDatabase) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM container_status WHERE organisation_id = \(bind: organisation) AND in_zone = \(bind: true)
            """).first(decoding: Count.self)?.n ?? 0
    }
}
