import FTZCore
import Foundation
import Storage
import TestSupport
import Testing
@testable import TradeData

@Suite("Feeds: validation, duplicates, versions and linkage")
struct FeedIngestionTests {
    @Test(arguments: TestDatabase.kinds)
    func declarationsAreStoredRecordByRecordWithVersionsAndDuplicates(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            var broken = TradeFixture.declaration("104512345679")
            if case .object(var members) = broken {
                members["declarantTaxCode"] = "0100109107"
                members["typeCode"] = "Z99"
                members["lines"] = [["hsCode": "9999", "description": "x", "quantity": -1, "unit": "SET",
                                     "value": ["amount": "1", "currency": "USD"], "originCountry": "XX"]]
                broken = .object(members)
            }
            let first = try await f.service.ingestDeclarations([TradeFixture.declaration(), broken], by: f.customsFeed)
            #expect(first.outcomes == [.accepted, .rejected])
            #expect(Set(first.records[1].errors.map(\.pointer)) == [
                "/records/1/declarantTaxCode", "/records/1/typeCode", "/records/1/lines/0/hsCode", "/records/1/lines/0/quantity",
                "/records/1/lines/0/originCountry",
            ])
            #expect(first.ledgerIndex != nil)

            let conflicting = TradeFixture.declaration(channel: "red")
            let again = try await f.service.ingestDeclarations([TradeFixture.declaration(), conflicting, TradeFixture.declaration(version: 2)],
                                                               by: f.customsFeed)
            #expect(again.outcomes == [.duplicate, .rejected, .accepted])
            #expect(again.records[1].errors.map(\.reason) == ["conflicting_duplicate"])

            let versions = try await f.service.declaration("104512345678", by: f.officer)
            #expect(versions.map(\.version) == [2, 1] && versions.map(\.isLatest) == [true, false])
            #expect(versions[0].organisationID == f.investorOrganisation, "linked to the licensed enterprise by tax code")
            #expect(try await f.ledgerActions().filter { $0 == "trade.batch.accepted" }.count == 2)

            let nothingNew = try await f.service.ingestDeclarations([TradeFixture.declaration()], by: f.customsFeed)
            #expect(nothingNew.outcomes == [.duplicate] && nothingNew.ledgerIndex == nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func onlyTheRightFeedsMayPushEachKindOfData(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            func status(_ body: () async throws -> Void) async -> Problem.Status? {
                do { try await body(); return nil } catch { return (error as? Problem)?.status }
            }
            #expect(await status { _ = try await f.service.ingestDeclarations([], by: f.terminalFeed) } == .forbidden)
            #expect(await status { _ = try await f.service.ingestEvents([], by: f.officer) } == .forbidden)
            let unscoped = Actor(principal: .client(UUID()), organisationID: UUID(), organisationKind: .customs, roles: [.dataFeed])
            #expect(await status { _ = try await f.service.ingestDeclarations([], by: unscoped) } == .forbidden)
            #expect(await status { _ = try await f.service.ingestEvents([], by: .anonymous) } == .unauthorized)
            let tooMany = [JSONValue](repeating: [:], count: TradeService.maximumBatch + 1)
            #expect(await status { _ = try await f.service.ingestEvents(tooMany, by: f.terminalFeed) } == .unprocessable)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func eventsAreDeduplicatedByIDAndByWhatTheySay(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let gateIn = TradeFixture.event("GTIN", at: "2026-03-02T09:00:00+07:00", id: "3cecb101-7a1a-43a4-9d62-e88a131651e2")
            var broken = TradeFixture.event("GTIN", "MSKU1234566", at: "yesterday")
            if case .object(var members) = broken { members["equipmentEventTypeCode"] = "JUMP"; broken = .object(members) }
            let first = try await f.service.ingestEvents([gateIn, broken, gateIn], by: f.terminalFeed)
            #expect(first.outcomes == [.accepted, .rejected, .duplicate])
            #expect(Set(first.records[1].errors.map(\.pointer)) == ["/records/1/equipmentReference", "/records/1/eventDateTime",
                                                                    "/records/1/equipmentEventTypeCode"])
            // The same gate-in under another eventID (another sender) is the same event.
            let sameFact = TradeFixture.event("GTIN", at: "2026-03-02T02:00:00Z")
            let differentSeal = TradeFixture.event("GTIN", at: "2026-03-02T09:00:00+07:00", id: "3cecb101-7a1a-43a4-9d62-e88a131651e2", iso: "22G1")
            let second = try await f.service.ingestEvents([sameFact, differentSeal], by: f.terminalFeed)
            #expect(second.outcomes == [.duplicate, .rejected])
            let history = try await f.service.history(of: "MSKU 123456-5", by: f.officer)
            #expect(history.events.count == 1 && history.state == "in_yard" && history.inZone)
            #expect(history.events[0].references.first?.value == "BKG123456" && history.events[0].seals == ["ML1234567"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func manifestsLinkContainersToBillsAndConsignees(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let manifest: JSONValue = [
                "vesselIMONumber": "9778791", "voyage": "512W", "portOfLoading": "CNSHA", "portOfDischarge": "VNHPH",
                "bills": [["number": "MAEU123456789", "consigneeTaxCode": .string(TradeFixture.enterpriseTaxCode),
                           "containers": [["number": "MSKU1234565", "seals": ["ML1234567"], "isoEquipmentCode": "45G1"]]]],
            ]
            let badIMO: JSONValue = ["vesselIMONumber": "9778792", "voyage": "1", "portOfLoading": "CNSHA", "portOfDischarge": "VNHPH",
                                     "bills": [["number": "B", "containers": [["number": "MSKU1234565"]]]]]
            let report = try await f.service.ingestManifests([manifest, badIMO, manifest], by: f.terminalFeed)
            #expect(report.outcomes == [.accepted, .rejected, .duplicate])
            #expect(report.records[1].errors.map(\.pointer) == ["/records/1/vesselIMONumber"])
            let history = try await f.service.history(of: "MSKU1234565", by: f.officer)
            #expect(history.manifests.map(\.billNumber) == ["MAEU123456789"])
        }
    }
}
