import FTZCore
import Foundation
import Storage

/// The port supervision feed (VASSCM): customs says which containers are eligible to pass
/// the supervised area, with the customs seal and the transit they move under. A resend is
/// a duplicate; other content for the same container, declaration, state and instant is a
/// conflict. Each status is linked to the enterprise whose declaration covers the container.
extension TradeService {
    public func ingestSupervision(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        let (candidates, settled, batchID, pointer) = try read(records, .supervision, by: actor, identity: { ($0.key, $0.digest) }) {
            SupervisionRecord.read($0, at: $1, id: $2)
        }
        return try await database.transaction { tx in
            let linked = try await self.linkedToOwners(candidates.map(\.value), on: tx)
            let statuses = zip(candidates, linked).map { candidate, status in
                Candidate(index: candidate.index, value: status, key: candidate.key, digest: candidate.digest)
            }
            let inserted = try await self.supervision.insert(statuses.map(\.value), batch: batchID, receivedAt: self.clock.now(), on: tx.sql)
            let missing = statuses.filter { !inserted.contains($0.key) }.map(\.value)
            let stored = missing.isEmpty ? [:] : try await self.supervision.digests(of: missing, on: tx.sql)
            let accepted = statuses.filter { inserted.contains($0.key) }.map(\.value)
            return try await self.finish(.supervision, batchID: batchID,
                                         records: settled + Self.settle(statuses, inserted: inserted, stored: stored, pointer: pointer),
                                         acceptedDigests: accepted.map(\.digest), alerts: [], by: actor, in: tx)
        }
    }

    /// Whether customs showed the container eligible to pass at `instant`: its latest status
    /// at or before then, under any declaration, is "eligible to pass".
    static func eligible(_ statuses: [SupervisionStatus], at instant: Date) -> Bool {
        statuses.last { $0.at <= instant }?.state == .eligibleToPass
    }
}

extension SupervisionStatus: ContainerLinked {
    var container: ContainerNumber? { containerNumber }
}
