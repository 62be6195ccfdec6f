import FTZCore
import Foundation
import Storage

extension TradeService {
    /// A batch of cargo manifests: vessel, voyage, ports, bills of lading and their containers.
    public func ingestManifests(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        try requireFeed(actor, .manifests, records: records.count)
        let now = clock.now()
        let readings = records.enumerated().map { index, record in (index, ManifestRecord.read(record, at: "/records/\(index)", id: UUID.v7(at: now))) }
        let pointer: @Sendable (Int) -> String = { "/records/\($0)" }
        let (candidates, settled) = Self.screen(readings, pointer: pointer) { ($0.key, $0.digest) }
        let consignees = Set(candidates.flatMap { $0.value.bills.compactMap { $0.consigneeTaxCode?.parent } })
        let owners = try await lookUp(consignees).mapValues(\.organisationID)
        let batchID = UUID.v7(at: now)
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
