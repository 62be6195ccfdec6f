import FTZCore
import Foundation
import SQLKit
import Storage

/// Inspection outcomes, one per declaration version.
struct InspectionRepository {
    /// The stored declaration ids of these `number/version` keys.
    func declarationIDs(of outcomes: [InspectionOutcome], on sql: any SQLDatabase) async throws -> [String: UUID] {
        struct Row: Decodable { let id: UUID; let number: String; let version: Int }
        var ids: [String: UUID] = [:]
        for chunk in SQLBatch.slices(Array(Set(outcomes.map(\.declarationNumber)))).map(Array.init) {
            for row in try await sql.raw("SELECT id, number, version FROM declarations WHERE number IN (\(binds: chunk))").all(decoding: Row.self) {
                ids["\(row.number)/\(row.version)"] = row.id
            }
        }
        return ids
    }

    /// Inserts outcomes, skipping declarations that have one; returns the keys inserted.
    func insert(_ outcomes: [InspectionOutcome], batch: UUID, receivedAt: Date, on sql: any SQLDatabase) async throws -> Set<String> {
        var inserted: Set<String> = []
        for chunk in SQLBatch.slices(outcomes) {
            let rows = chunk.map { item -> SQLQueryString in
                """
                (\(bind: item.id), \(bind: item.declarationID), \(bind: item.declarationNumber), \(bind: item.declarationVersion),
                 \(bind: item.method.rawValue), \(bind: item.finding), \(bind: item.findingKind?.rawValue), \(bind: item.revenue.minorUnits),
                 \(bind: item.revenue.currency.code), \(bind: item.inspectedAt), \(bind: item.digest), \(bind: batch), \(bind: receivedAt))
                """
            }
            struct Row: Decodable { let declaration_number: String; let declaration_version: Int }
            let query = SQLQueryString("""
                INSERT INTO inspection_outcomes (id, declaration_id, declaration_number, declaration_version, method, finding, finding_kind,
                    revenue_minor, currency, inspected_at, digest, batch_id, received_at) VALUES
                """) + SQLBatch.joined(rows) + " ON CONFLICT DO NOTHING RETURNING declaration_number, declaration_version"
            for row in try await sql.raw(query).all(decoding: Row.self) { inserted.insert("\(row.declaration_number)/\(row.declaration_version)") }
        }
        return inserted
    }

    /// Digests of stored outcomes by `number/version`.
    func digests(numbers: [String], on sql: any SQLDatabase) async throws -> [String: String] {
        struct Row: Decodable { let declaration_number: String; let declaration_version: Int; let digest: String }
        var digests: [String: String] = [:]
        for chunk in SQLBatch.slices(Array(Set(numbers))).map(Array.init) {
            for row in try await sql.raw("""
                SELECT declaration_number, declaration_version, digest FROM inspection_outcomes WHERE declaration_number IN (\(binds: chunk))
                """).all(decoding: Row.self) {
                digests["\(row.declaration_number)/\(row.declaration_version)"] = row.digest
            }
        }
        return digests
    }
}
