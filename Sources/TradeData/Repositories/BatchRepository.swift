import FTZCore
import Foundation
import SQLKit

/// Feed batches, and the counter that orders the live stream.
struct BatchRepository {
    /// Reserves `count` stream positions and returns the first. Taking the counter row
    /// first in a transaction makes positions commit in the order they were given.
    func reserve(_ count: Int, on sql: any SQLDatabase) async throws -> Int64 {
        struct Row: Decodable { let last_value: Int64 }
        let row = try await sql.raw("""
            UPDATE trade_sequence SET last_value = last_value + \(bind: Int64(max(count, 1))) WHERE id = 1 RETURNING last_value
            """).first(decoding: Row.self)
        return (row?.last_value ?? 0) - Int64(max(count, 1)) + 1
    }

    func current(on sql: any SQLDatabase) async throws -> Int64 {
        struct Row: Decodable { let last_value: Int64 }
        return try await sql.raw("SELECT last_value FROM trade_sequence WHERE id = 1").first(decoding: Row.self)?.last_value ?? 0
    }

    func insert(_ report: BatchReport, client: String, organisation: UUID?, digest: String, receivedAt: Date, on sql: any SQLDatabase)
        async throws
    {
        try await sql.raw("""
            INSERT INTO feed_batches (id, kind, client, organisation_id, received, accepted, duplicates, rejected, digest, received_at)
            VALUES (\(bind: report.batchID), \(bind: report.kind.rawValue), \(bind: client), \(bind: organisation), \(bind: report.records.count),
                    \(bind: report.count(.accepted)), \(bind: report.count(.duplicate)), \(bind: report.count(.rejected)), \(bind: digest),
                    \(bind: receivedAt))
            """).run()
    }
}
