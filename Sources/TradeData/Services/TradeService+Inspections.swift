import FTZCore
import Foundation
import Storage

extension TradeService {
    /// A batch of inspection outcomes from customs: one per declaration version, which must
    /// be stored already. A resend is a duplicate; other content for the same declaration
    /// is a conflict. Accepted outcomes label the declarations' risk assessments.
    public func ingestInspections(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        let (candidates, screened, batchID, pointer) = try read(records, .inspections, by: actor, identity: { ($0.key, $0.digest) }) {
            InspectionRecord.read($0, at: $1, id: $2)
        }
        return try await database.transaction { tx in
            let ids = try await self.inspections.declarationIDs(of: candidates.map(\.value), on: tx.sql)
            var settled = screened
            var known: [Candidate<InspectionOutcome>] = []
            for candidate in candidates {
                guard let id = ids[candidate.key] else {
                    settled.append(.init(index: candidate.index, outcome: .rejected, key: candidate.key,
                                         errors: [.init("\(pointer(candidate.index))/declarationNumber", "declaration_unknown")],
                                         identity: .init(declaration: candidate.value.declarationNumber)))
                    continue
                }
                var outcome = candidate.value
                outcome.declarationID = id
                known.append(Candidate(index: candidate.index, value: outcome, key: candidate.key, digest: candidate.digest))
            }
            let inserted = try await self.inspections.insert(known.map(\.value), batch: batchID, receivedAt: self.clock.now(), on: tx.sql)
            let missing = known.filter { !inserted.contains($0.key) }
            let stored = missing.isEmpty ? [:] : try await self.inspections.digests(numbers: missing.map(\.value.declarationNumber), on: tx.sql)
            let records = settled + Self.settle(known, inserted: inserted, stored: stored, pointer: pointer)
            let accepted = known.filter { inserted.contains($0.key) }.map(\.value)
            if let screening = self.screening, !accepted.isEmpty { try await screening.inspected(accepted, in: tx) }
            return try await self.finish(.inspections, batchID: batchID, records: records, acceptedDigests: accepted.map(\.digest), alerts: [],
                                         by: actor, in: tx)
        }
    }
}
