import FTZCore
import Foundation
import Ledger
import Logging
import SQLKit
import Storage
import Synchronization
import TestSupport
import Testing
@testable import TradeData

/// Trade data over a fresh database with the bundled Hai Phong settings, a hand-driven
/// clock, feeds of a customs office and a terminal, an officer, and enterprises the test
/// registers by tax code.
struct TradeFixture {
    let database: Database
    let clock: ManualWallClock
    let service: TradeService
    let enterprises: Enterprises
    let customsFeed: Actor
    let terminalFeed: Actor
    /// A logistics operator's feed: another organisation that may send telemetry.
    let logisticsFeed: Actor
    let officer: Actor
    let investor: Actor
    let investorOrganisation: UUID

    final class Enterprises: TradeEnvironment {
        let byTaxCode = Mutex<[String: LicensedEnterprise]>([:])
        func enterprise(taxCode: TaxCode) async throws -> LicensedEnterprise? { byTaxCode.withLock { $0[taxCode.description] } }
    }

    static let catalogue = try! TradeCatalogue.load(directory: nil)
    /// A licensed wind-turbine maker (VSIC 2710, electrical equipment).
    static let enterpriseTaxCode = "0201234569"

    static func with<R: Sendable>(_ kind: DatabaseKind, _ body: (TradeFixture) async throws -> R) async throws -> R {
        try await TestDatabase.withFresh(kind) { database in
            let clock = ManualWallClock(testEpoch)
            let enterprises = Enterprises()
            let organisation = UUID.v7(at: testEpoch)
            enterprises.byTaxCode.withLock {
                $0[enterpriseTaxCode] = LicensedEnterprise(organisationID: organisation, name: "Gió Biển", activities: ["2710"])
            }
            let service = TradeService(database: database, ledger: Ledger(database: database, clock: clock), clock: clock,
                                       environment: enterprises, catalogue: catalogue, logger: TestDatabase.logger)
            func feed(_ kind: OrganisationKind) -> Actor {
                Actor(principal: .client(UUID()), organisationID: UUID(), organisationKind: kind, roles: [.dataFeed], scopes: [TradeService.feedScope])
            }
            return try await body(TradeFixture(
                database: database, clock: clock, service: service, enterprises: enterprises, customsFeed: feed(.customs),
                terminalFeed: feed(.terminalOperator), logisticsFeed: feed(.logisticsOperator),
                officer: Actor(principal: .user(UUID()), organisationID: UUID(), organisationKind: .zoneAuthority, roles: [.ezaOfficer]),
                investor: Actor(principal: .user(UUID()), organisationID: organisation, organisationKind: .investorEnterprise, roles: [.investor]),
                investorOrganisation: organisation))
        }
    }

    // MARK: Records

    static func declaration(_ number: String = "104512345678", version: Int = 1, status: String = "released", channel: String = "green",
                            containers: [String] = ["MSKU1234565"], chapter: String = "8502", taxCode: String = enterpriseTaxCode) -> JSONValue {
        [
            "number": .string(number), "version": .integer(Int64(version)), "typeCode": "A12", "registeredAt": "2026-03-02T08:00:00+07:00",
            "declarantTaxCode": "0100109106", "trader": ["taxCode": .string(taxCode), "name": "Công ty Gió Biển"],
            "totalValue": ["amount": "125000.00", "currency": "USD"], "channel": .string(channel), "status": .string(status),
            "lines": [["hsCode": .string("\(chapter)3100"), "description": "Wind turbine generator sets", "quantity": 2, "unit": "SET",
                       "value": ["amount": "125000.00", "currency": "USD"], "originCountry": "DE"]],
            "containers": .array(containers.map(JSONValue.string)),
        ]
    }

    /// A port supervision status (VASSCM) for a container under a declaration.
    static func supervision(_ container: String = "MSKU1234565", declaration: String = "104512345678", status: String = "eligible_to_pass",
                            at time: String, customsSeal: String? = nil, transitTo destination: String? = nil) -> JSONValue {
        var record: [String: JSONValue] = ["containerNumber": .string(container), "declarationNumber": .string(declaration),
                                           "status": .string(status), "at": .string(time), "facility": "HICT",
                                           "sealRequired": .bool(customsSeal != nil)]
        if let customsSeal { record["customsSeal"] = ["number": .string(customsSeal), "kind": "positioning_eseal"] }
        if let destination { record["transit"] = ["destination": .string(destination)] }
        return .object(record)
    }

    static func event(_ code: String, _ container: String = "MSKU1234565", at time: String, facility: String = "HICT",
                      id: String = UUID().uuidString, empty: String = "LADEN", iso: String = "45G1") -> JSONValue {
        [
            "eventID": .string(id), "eventType": "EQUIPMENT", "eventClassifierCode": "ACT", "eventDateTime": .string(time),
            "eventCreatedDateTime": .string(time), "equipmentEventTypeCode": .string(code), "equipmentReference": .string(container),
            "ISOEquipmentCode": .string(iso), "emptyIndicatorCode": .string(empty),
            "eventLocation": ["UNLocationCode": "VNHPH", "facilityCode": .string(facility), "facilityCodeListProvider": "SMDG"],
            "transportCall": ["exportVoyageNumber": "512W", "UNLocationCode": "VNHPH", "facilityCode": .string(facility),
                              "modeOfTransport": "VESSEL", "vessel": ["vesselIMONumber": "9778791", "vesselName": "MAERSK EXAMPLE"]],
            "documentReferences": [["documentReferenceType": "BKG", "documentReferenceValue": "BKG123456"]],
            "seals": [["sealNumber": "ML1234567", "sealSource": "CAR"]],
        ]
    }

    func ledgerActions() async throws -> [String] {
        struct Row: Decodable { let action: String }
        return try await database.read { try await $0.raw("SELECT action FROM ledger_entries ORDER BY idx").all(decoding: Row.self).map(\.action) }
    }

    func openAlerts() async throws -> [Alert] {
        try await service.alerts(status: .open, container: nil, organisation: nil, page: try PageRequest(limit: 100), by: officer).items
    }
}

extension BatchReport {
    var outcomes: [BatchReport.Outcome] { records.map(\.outcome) }
}
