import FTZCore
import Foundation
import SQLKit
import Storage

/// Port supervision statuses (VASSCM), one per container, declaration, state and instant.
struct SupervisionRepository {
    struct Row: Decodable {
        let id: UUID
        let container_number: String
        let declaration_number: String
        let state: String
        let status_at: Date
        let facility: String?
        let seal_required: Bool
        let customs_seal: String?
        let customs_seal_kind: String?
        let transit_declaration: String?
        let transit_destination: String?
        let organisation_id: UUID?
        let digest: String

        var model: SupervisionStatus? {
            guard let container = try? ContainerNumber(container_number), let state = SupervisionStatus.State(rawValue: state) else { return nil }
            let seal = zip(customs_seal, customs_seal_kind.flatMap(SupervisionStatus.CustomsSeal.Kind.init)).map { SupervisionStatus.CustomsSeal(number: $0, kind: $1) }
            return SupervisionStatus(id: id, containerNumber: container, declarationNumber: declaration_number, state: state, at: status_at,
                                     facility: facility, sealRequired: seal_required, customsSeal: seal,
                                     transit: transit_destination.map { .init(declarationNumber: transit_declaration, destination: $0) },
                                     organisationID: organisation_id, digest: digest)
        }
    }

    static let columns = """
        id, container_number, declaration_number, state, status_at, facility, seal_required, customs_seal, customs_seal_kind,
        transit_declaration, transit_destination, organisation_id, digest
        """

    /// Inserts statuses, skipping those stored; returns the keys inserted.
    func insert(_ statuses: [SupervisionStatus], batch: UUID, receivedAt: Date, on sql: any SQLDatabase) async throws -> Set<String> {
        var inserted: Set<String> = []
        for chunk in SQLBatch.slices(statuses) {
            let rows = chunk.map { item -> SQLQueryString in
                """
                (\(bind: item.id), \(bind: item.containerNumber.rawValue), \(bind: item.declarationNumber), \(bind: item.state.rawValue), \(bind: item.at),
                 \(bind: item.facility), \(bind: item.sealRequired), \(bind: item.customsSeal?.number), \(bind: item.customsSeal?.kind.rawValue),
                 \(bind: item.transit?.declarationNumber), \(bind: item.transit?.destination), \(bind: item.organisationID), \(bind: item.digest),
                 \(bind: batch), \(bind: receivedAt))
                """
            }
            let query = SQLQueryString("INSERT INTO supervision_statuses (\(unsafeRaw: Self.columns), batch_id, received_at) VALUES ")
                + SQLBatch.joined(rows) + " ON CONFLICT DO NOTHING RETURNING \(unsafeRaw: Self.columns)"
            for row in try await sql.raw(query).all(decoding: Row.self) { if let status = row.model { inserted.insert(status.key) } }
        }
        return inserted
    }

    /// Every status of these containers, oldest first.
    func statuses(of containers: [String], on sql: any SQLDatabase) async throws -> [String: [SupervisionStatus]] {
        var found: [String: [SupervisionStatus]] = [:]
        for chunk in SQLBatch.slices(Array(Set(containers))).map(Array.init) {
            let rows = try await sql.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM supervision_statuses WHERE container_number IN (\(binds: chunk))
                ORDER BY status_at, id
                """).all(decoding: Row.self)
            for status in rows.compactMap(\.model) { found[status.containerNumber.rawValue, default: []].append(status) }
        }
        return found
    }

    /// Digests of the stored statuses with these keys.
    func digests(of statuses: [SupervisionStatus], on sql: any SQLDatabase) async throws -> [String: String] {
        let stored = try await self.statuses(of: statuses.map(\.containerNumber.rawValue), on: sql)
        return Dictionary(stored.values.joined().map { ($0.key, $0.digest) }, uniquingKeysWith: { first, _ in first })
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
