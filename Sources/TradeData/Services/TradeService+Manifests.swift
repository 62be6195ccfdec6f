import FTZCore
import Foundation
import Storage

extension TradeService {
    /// A batch of cargo manifests: vessel, voyage, ports, bills of lading and their containers.
    public func ingestManifests(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        let (candidates, settled, batchID, pointer) = try read(records, .manifests, by: actor, identity: { ($0.key, $0.digest) }) {
            ManifestRecord.read($0, at: $1, id: $2)
        }
        let consignees = Set(candidates.flatMap { $0.value.bills.compactMap { $0.consigneeTaxCode?.parent } })
        let owners = try await lookUp(consignees).mapValues(\.organisationID)
        return try await database.transaction { tx in
            let inserted = try await self.manifests.insert(candidates.map(\.value), owners: owners, batch: batchID, receivedAt: self.clock.now(),
                                                           on: tx.sql)
            let missing = candidates.filter { !inserted.contains($0.key) }.map(\.value)
            let stored = missing.isEmpty ? [:] : try await self.manifests.digests(of: missing, on: tx.sql)
            let records = settled + Self.settle(candidates, inserted: inserted, stored: stored, pointer: pointer)
            return try await self.finish(.manifests, batchID: batchID, records: records,
                                         acceptedDigests: candidates.filter { inserted.contains($0.key) }.map(\.digest), alerts: [], by: actor, in: tx)
        }
    }
}
