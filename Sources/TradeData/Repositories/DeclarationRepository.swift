import FTZCore
import Foundation
import SQLKit
import Storage

/// Declarations, every version, and the containers each covers.
struct DeclarationRepository {
    /// Inserts declarations, skipping number/version pairs already stored; returns the
    /// keys (`number/version`) inserted.
    func insert(_ declarations: [Declaration], batch: UUID, firstSequence: Int64, receivedAt: Date, on sql: any SQLDatabase) async throws
        -> Set<String>
    {
        var inserted: Set<String> = []
        var sequence = firstSequence
        for chunk in SQLBatch.slices(declarations) {
            let rows = chunk.map { item -> SQLQueryString in
                defer { sequence += 1 }
                return """
                    (\(bind: item.id), \(bind: item.number), \(bind: item.version), \(bind: item.typeCode), \(bind: item.direction.rawValue),
                     \(bind: item.registeredAt), \(bind: item.declarantTaxCode.description), \(bind: item.traderTaxCode.description),
                     \(bind: item.traderName), \(bind: item.organisationID), \(bind: item.totalValue.minorUnits),
                     \(bind: item.totalValue.currency.code), \(bind: item.channel.rawValue), \(bind: item.status.rawValue),
                     \(bind: SQLJSON.encode(item.lines)), \(bind: SQLJSON.encode(item.containers.map(\.rawValue))), \(bind: item.digest),
                     \(bind: false), \(bind: batch), \(bind: sequence), \(bind: receivedAt))
                    """
            }
            struct Row: Decodable { let number: String; let version: Int }
            let query = SQLQueryString("""
                INSERT INTO declarations (id, number, version, type_code, direction, registered_at, declarant_tax_code, trader_tax_code,
                    trader_name, organisation_id, total_minor, currency, channel, status, lines, containers, digest, is_latest, batch_id, seq,
                    received_at) VALUES
                """) + SQLBatch.joined(rows) + " ON CONFLICT DO NOTHING RETURNING number, version"
            for row in try await sql.raw(query).all(decoding: Row.self) { inserted.insert("\(row.number)/\(row.version)") }
        }
        let accepted = declarations.filter { inserted.contains("\($0.number)/\($0.version)") }
        let pairs = accepted.flatMap { item in item.containers.map { ($0.rawValue, item.id) } }
        for slice in SQLBatch.slices(pairs) {
            let rows = slice.map { "(\(bind: $0.0), \(bind: $0.1))" as SQLQueryString }
            try await sql.raw(SQLQueryString("INSERT INTO declaration_containers (container_number, declaration_id) VALUES ")
                + SQLBatch.joined(rows) + " ON CONFLICT DO NOTHING").run()
        }
        // The latest version of each number is the one that counts.
        let numbers = Array(Set(accepted.map(\.number)))
        for chunk in SQLBatch.slices(numbers).map(Array.init) {
            try await sql.raw("""
                UPDATE declarations SET is_latest = (version = (SELECT MAX(version) FROM declarations latest
                    WHERE latest.number = declarations.number)) WHERE number IN (\(binds: chunk))
                """).run()
        }
        return inserted
    }

    /// Digests of stored declarations by `number/version`.
    func digests(of keys: [(number: String, version: Int)], on sql: any SQLDatabase) async throws -> [String: String] {
        struct Row: Decodable { let number: String; let version: Int; let digest: String }
        var digests: [String: String] = [:]
        for slice in SQLBatch.slices(keys) {
            let numbers = slice.map(\.number)
            for row in try await sql.raw("SELECT number, version, digest FROM declarations WHERE number IN (\(binds: numbers))")
                .all(decoding: Row.self) {
                digests["\(row.number)/\(row.version)"] = row.digest
            }
        }
        return digests
    }

    /// The enterprise of the latest declaration covering each container, for linking events.
    func owners(of containers: [String], on sql: any SQLDatabase) async throws -> [String: UUID] {
        struct Row: Decodable { let container_number: String; let organisation_id: UUID }
        var owners: [String: UUID] = [:]
        for chunk in SQLBatch.slices(containers).map(Array.init) {
            for row in try await sql.raw("""
                SELECT covered.container_number, declaration.organisation_id FROM declaration_containers covered
                JOIN declarations declaration ON declaration.id = covered.declaration_id
                WHERE declaration.is_latest = \(bind: true) AND declaration.organisation_id IS NOT NULL
                AND covered.container_number IN (\(binds: chunk)) ORDER BY declaration.registered_at
                """).all(decoding: Row.self) {
                owners[row.container_number] = row.organisation_id
            }
        }
        return owners
    }

    struct Row: Decodable {
        let id: UUID
        let number: String
        let version: Int
        let type_code: String
        let direction: String
        let registered_at: Date
        let declarant_tax_code: String
        let trader_tax_code: String
        let trader_name: String
        let organisation_id: UUID?
        let total_minor: Int64
        let currency: String
        let channel: String
        let status: String
        let lines: String
        let containers: String
        let is_latest: Bool
        let received_at: Date
    }

    static let columns = """
        id, number, version, type_code, direction, registered_at, declarant_tax_code, trader_tax_code, trader_name, organisation_id,
        total_minor, currency, channel, status, lines, containers, is_latest, received_at
        """

    /// Every version of the declarations covering a container, newest first.
    func covering(_ container: String, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns.split(separator: ",").map { "declaration." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .joined(separator: ", "))
            FROM declarations declaration JOIN declaration_containers covered ON covered.declaration_id = declaration.id
            WHERE covered.container_number = \(bind: container) ORDER BY declaration.number, declaration.version DESC
            """).all(decoding: Row.self)
    }

    func versions(of number: String, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM declarations WHERE number = \(bind: number) ORDER BY version DESC")
            .all(decoding: Row.self)
    }

    /// Latest versions of an enterprise's declarations.
    func latest(of organisation: UUID, on sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM declarations WHERE organisation_id = \(bind: organisation) AND is_latest = \(bind: true)
            """).all(decoding: Row.self)
    }

    /// Declarations per channel among the latest versions, for the programme indicators.
    func channelCounts(on sql: any SQLDatabase) async throws -> [String: Int] {
        struct Count: Decodable { let channel: String; let n: Int }
        return Dictionary(uniqueKeysWithValues: try await sql.raw("""
            SELECT channel, COUNT(*) AS n FROM declarations WHERE is_latest = \(bind: true) GROUP BY channel
            """).all(decoding: Count.self).map { ($0.channel, $0.n) })
    }
}
