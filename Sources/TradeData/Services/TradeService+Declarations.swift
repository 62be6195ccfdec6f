import FTZCore
import Foundation
import Storage

extension TradeService {
    /// A batch of customs declarations (JSON modelled on VNACCS). An amendment is the same
    /// number with a higher version; every version is kept.
    public func ingestDeclarations(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        let types = catalogue.declarationTypes
        let (candidates, settled, batchID, pointer) = try read(records, .declarations, by: actor,
                                                               identity: { ("\($0.number)/\($0.version)", $0.digest) }) {
            DeclarationRecord.read($0, at: $1, id: $2, types: types)
        }
        let enterprises = try await lookUp(Set(candidates.map { $0.value.traderTaxCode.parent }))
        return try await database.transaction { tx in
            let firstSequence = try await self.batches.reserve(candidates.count, on: tx.sql)
            let linked = candidates.map { candidate -> Declaration in
                var declaration = candidate.value
                declaration.organisationID = enterprises[declaration.traderTaxCode.parent.description]?.organisationID
                return declaration
            }
            let inserted = try await self.declarations.insert(linked, batch: batchID, firstSequence: firstSequence, receivedAt: self.clock.now(),
                                                              on: tx.sql)
            let missing = candidates.filter { !inserted.contains($0.key) }.map { ($0.value.number, $0.value.version) }
            let stored = missing.isEmpty ? [:] : try await self.declarations.digests(of: missing, on: tx.sql)
            let records = settled + Self.settle(candidates, inserted: inserted, stored: stored, pointer: pointer)
            let accepted = linked.filter { inserted.contains("\($0.number)/\($0.version)") }
            let opened = try await self.open(self.licenceFindings(accepted, enterprises: enterprises), in: tx)
            if let screening = self.screening, !accepted.isEmpty {
                try await screening.screen(try await self.surroundings(of: accepted, enterprises: enterprises, in: tx), in: tx)
            }
            return try await self.finish(.declarations, batchID: batchID, records: records, acceptedDigests: accepted.map(\.digest), alerts: opened,
                                         by: actor, in: tx)
        }
    }

    /// What risk targeting reads around each declaration: the trader's licensed chapters and
    /// its containers' route and dwell.
    func surroundings(of declarations: [Declaration], enterprises: [String: LicensedEnterprise], in tx: Transaction) async throws
        -> [ScreenedDeclaration]
    {
        let known = try await routes.routes(of: declarations.flatMap { $0.containers.map(\.rawValue) }, on: tx.sql)
        return declarations.map { declaration in
            let routes = declaration.containers.compactMap { known[$0.rawValue] }
            let earliest = routes.compactMap(\.inZoneSince).min()
            return ScreenedDeclaration(
                declaration: declaration,
                licensedChapters: enterprises[declaration.traderTaxCode.parent.description].flatMap(licensedChapters(of:)),
                loadingPort: routes.lazy.compactMap(\.loadingPort).first,
                dwellHours: earliest.map { max(0, declaration.registeredAt.timeIntervalSince($0) / 3600) })
        }
    }

    /// The licensed enterprises behind these tax codes (by the head office's code).
    func lookUp(_ taxCodes: Set<TaxCode>) async throws -> [String: LicensedEnterprise] {
        var found: [String: LicensedEnterprise] = [:]
        for taxCode in taxCodes {
            if let enterprise = try await environment.enterprise(taxCode: taxCode) { found[taxCode.description] = enterprise }
        }
        return found
    }
}
