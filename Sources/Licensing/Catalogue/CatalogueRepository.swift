import FTZCore
import Foundation
import SQLKit
import Storage

/// SQL for procedure versions and calendar year versions. Definitions are stored as JSON text:
/// the catalogue is small and read far more often than written.
struct CatalogueRepository {
    private struct ProcedureRow: Decodable { let definition: String }
    private struct YearRow: Decodable { let year: Int; let definition: String; let version: Int }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func procedures(on sql: any SQLDatabase) async throws -> [Procedure] {
        let definitions = try await sql.raw("SELECT definition FROM procedures ORDER BY code, version").all(decoding: ProcedureRow.self)
            .map(\.definition)
        // A definition's form schema nests as deep as its author made it (up to the JSON
        // bound): decoded on a thread with a stack sized for it, not on a concurrency worker.
        return try await DeepStack.run { try definitions.map { try JSONDecoder().decode(Procedure.self, from: Data($0.utf8)) } }
    }

    func insert(_ procedure: Procedure, at time: Date, on sql: any SQLDatabase) async throws {
        let definition = String(decoding: try Self.encoder.encode(procedure), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO procedures (code, version, definition, published_at)
            VALUES (\(bind: procedure.code), \(bind: procedure.version), \(bind: definition), \(bind: time))
            """).run()
    }

    func exists(code: String, version: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT code FROM procedures WHERE code = \(bind: code) AND version = \(bind: version)").first() != nil
    }

    /// Every saved version of every year, oldest first within a year.
    func yearVersions(on sql: any SQLDatabase) async throws -> [(WorkingCalendar.Year, Int)] {
        try await sql.raw("SELECT year, definition, version FROM calendar_year_versions ORDER BY year, version")
            .all(decoding: YearRow.self)
            .map { (try JSONDecoder().decode(WorkingCalendar.Year.self, from: Data($0.definition.utf8)), $0.version) }
    }

    /// Adds a version of a year; earlier versions stay, for the days before it takes effect.
    func insertYear(_ year: WorkingCalendar.Year, version: Int, at time: Date, on sql: any SQLDatabase) async throws {
        let definition = String(decoding: try Self.encoder.encode(year), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO calendar_year_versions (year, version, definition, saved_at)
            VALUES (\(bind: year.year), \(bind: version), \(bind: definition), \(bind: time))
            """).run()
    }
}
