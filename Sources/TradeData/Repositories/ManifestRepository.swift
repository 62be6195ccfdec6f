import FTZCore
import Foundation
import SQLKit
import Storage

/// Manifests and the containers their bills of lading cover.
struct ManifestRepository {
    func insert(_ manifests: [Manifest], owners: [String: UUID], batch: UUID, receivedAt: Date, on sql: any SQLDatabase) async throws
        -> Set<String>
    {
        var inserted: Set<String> = []
        for manifest in manifests {
            let content = SQLJSON.encode(manifest.bills)
            let rows = try await sql.raw("""
                INSERT INTO manifests (id, vessel_imo, voyage, port_of_loading, port_of_discharge, content, digest, batch_id, received_at)
                VALUES (\(bind: manifest.id), \(bind: manifest.vesselIMO.digits), \(bind: manifest.voyage), \(bind: manifest.portOfLoading.rawValue),
                        \(bind: manifest.portOfDischarge.rawValue), \(bind: content), \(bind: manifest.digest), \(bind: batch), \(bind: receivedAt))
                ON CONFLICT DO NOTHING RETURNING id
                """).all()
            guard !rows.isEmpty else { continue }
            inserted.insert(manifest.key)
            let covered = manifest.bills.flatMap { bill in
                bill.containers.map { ($0.number.rawValue, bill.number, bill.consigneeTaxCode.flatMap { owners[$0.parent.description] }) }
            }
            for slice in SQLBatch.slices(covered) {
                let values = slice.map {
                    "(\(bind: $0.0), \(bind: manifest.id), \(bind: $0.1), \(bind: $0.2))" as SQLQueryString
                }
                try await sql.raw(SQLQueryString("INSERT INTO manifest_containers (container_number, manifest_id, bill_number, organisation_id) VALUES ")
                    + SQLBatch.joined(values) + " ON CONFLICT DO NOTHING").run()
            }
        }
        return inserted
    }

    func digests(of manifests: [Manifest], on sql: any SQLDatabase) async throws -> [String: String] {
        struct Row: Decodable { let vessel_imo: String; let voyage: String; let port_of_discharge: String; let digest: String }
        var digests: [String: String] = [:]
        for manifest in manifests {
            for row in try await sql.raw("""
                SELECT vessel_imo, voyage, port_of_discharge, digest FROM manifests
                WHERE vessel_imo = \(bind: manifest.vesselIMO.digits) AND voyage = \(bind: manifest.voyage)
                AND port_of_discharge = \(bind: manifest.portOfDischarge.rawValue)
                """).all(decoding: Row.self) {
                digests["\(row.vessel_imo)|\(row.voyage)|\(row.port_of_discharge)"] = row.digest
            }
        }
        return digests
    }

    struct Listing: Decodable {
        let vessel_imo: String
        let voyage: String
        let port_of_loading: String
        let port_of_discharge: String
        let bill_number: String
        let received_at: Date
    }

    func listing(_ container: String, on sql: any SQLDatabase) async throws -> [Listing] {
        try await sql.raw("""
            SELECT manifest.vessel_imo, manifest.voyage, manifest.port_of_loading, manifest.port_of_discharge, covered.bill_number,
                manifest.received_at
            FROM manifest_containers covered JOIN manifests manifest ON manifest.id = covered.manifest_id
            WHERE covered.container_number = \(bind: container) ORDER BY manifest.received_at
            """).all(decoding: Listing.self)
    }

    /// The seal numbers every stored manifest lists per container (containers no manifest
    /// covers are absent).
    func seals(of containers: [String], on sql: any SQLDatabase) async throws -> [String: Set<String>] {
        struct Row: Decodable { let container_number: String; let content: String }
        var seals: [String: Set<String>] = [:]
        for chunk in SQLBatch.slices(containers).map(Array.init) {
            for row in try await sql.raw("""
                SELECT covered.container_number, manifest.content FROM manifest_containers covered
                JOIN manifests manifest ON manifest.id = covered.manifest_id WHERE covered.container_number IN (\(binds: chunk))
                """).all(decoding: Row.self) {
                let listed = (SQLJSON.decode([Manifest.Bill].self, row.content) ?? []).flatMap(\.containers)
                    .filter { $0.number.rawValue == row.container_number }.flatMap(\.seals)
                seals[row.container_number, default: []].formUnion(listed)
            }
        }
        return seals
    }
}
