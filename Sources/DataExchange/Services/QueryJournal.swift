import FTZCore
import Foundation
import Ledger
import Storage

/// Writes every query to the journal and the ledger before its answer leaves, with group
/// commit: queries that arrive while a write is in flight go together in the next
/// transaction, so a hundred clients cost a few transactions, not a hundred.
actor QueryJournal {
    private let database: Database
    private let ledger: Ledger
    private let repository = ExchangeRepository()
    private var pending: [(record: QueryRecord, actor: Actor, done: CheckedContinuation<(QueryRecord, LedgerReceipt), any Error>)] = []
    private var writing = false

    init(database: Database, ledger: Ledger) {
        self.database = database
        self.ledger = ledger
    }

    /// Returns once the record and its ledger entry are committed, with its ledger index;
    /// the receipt also goes to the caller's request.
    func write(_ record: QueryRecord, by actor: Actor) async throws -> QueryRecord {
        let (written, receipt) = try await withCheckedThrowingContinuation { continuation in
            pending.append((record, actor, continuation))
            if !writing {
                writing = true
                // Detached: the writer serves many requests and must not carry the first one's context.
                Task.detached { await self.drain() }
            }
        }
        LedgerReceiptCollector.current?.record(receipt)
        return written
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                let written = try await database.transaction { tx in
                    let receipts = try await self.ledger.append(batch.map { (Self.event($0.record), $0.actor) }, in: tx)
                    let records = zip(batch, receipts).map { entry, receipt in
                        var record = entry.record
                        record.ledgerIndex = receipt.index
                        return record
                    }
                    try await self.repository.insert(records, on: tx.sql)
                    return Array(zip(records, receipts))
                }
                for (entry, result) in zip(batch, written) { entry.done.resume(returning: result) }
            } catch {
                for entry in batch { entry.done.resume(throwing: error) }
            }
        }
        writing = false
    }

    /// The ledger's record of a query: public facts only; the official's id is personal
    /// data, kept as a digest.
    static func event(_ record: QueryRecord) -> LedgerEvent {
        LedgerEvent(action: "exchange.query.\(record.outcome.rawValue)", subjectType: "exchange_query", subjectID: record.id.lowercasedString,
                    organisationID: record.subjectOrganisation,
                    payload: ["client": .string(record.subsystem), "service": .string(record.service), "purpose": .string(record.purpose),
                              "subject": .string(record.subjectReference), "fields": .array(record.fields.map(JSONValue.string)),
                              "reason": .optional(record.reason)],
                    personalData: ["official": .string(record.official)])
    }
}
