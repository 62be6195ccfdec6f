import FTZCore
import Foundation
import Ledger
import Licensing
import Storage
import SQLKit
import Synchronization
import Testing
import TestSupport

/// Licensing over a fresh database, the bundled Hai Phong catalogue, a hand-driven clock
/// (Monday 2 March 2026, 09:00 in Hai Phong) and an in-memory organisation directory.
struct LicensingFixture {
    let database: Database
    let clock: ManualWallClock
    let ledger: Ledger
    let service: LicensingService
    let directory: TestDirectory
    let investor: Actor
    let otherInvestor: Actor
    let officer: Actor
    let approver: Actor
    let construction: Actor
    let police: Actor

    static let catalogue: ZoneCatalogue = try! ZoneCatalogue.load(.bundled)

    static func with<R: Sendable>(_ kind: DatabaseKind, _ body: (LicensingFixture) async throws -> R) async throws -> R {
        try await TestDatabase.withFresh(kind) { database in
            let clock = ManualWallClock(testEpoch)
            let ledger = Ledger(database: database, clock: clock)
            let directory = TestDirectory(database: database)
            let catalogue = CatalogueService(catalogue: catalogue, database: database, ledger: ledger, clock: clock)
            try await catalogue.seed()
            let store = FileSystemDocumentStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("docs-\(UUID())"))
            let service = LicensingService(database: database, ledger: ledger, clock: clock, catalogue: catalogue, directory: directory,
                                           documentStore: store, certificateKey: NoteSigningKey(name: "test/certificates", privateKey: .init()),
                                           logger: TestDatabase.logger)
            func person(_ role: Role, _ organisation: DirectoryEntry) async throws -> Actor {
                let id = UUID.v7(at: clock.now())
                if role == .ezaOfficer || role == .ezaApprover { directory.officers.withLock { _ = $0.insert(id) } }
                // Staff are real accounts: the officer who takes a step on a dossier becomes its assignee.
                try await database.transaction { tx in
                    try await tx.sql.raw("""
                        INSERT INTO users (id, organisation_id, username, display_name, password_hash, roles, created_at)
                        VALUES (\(bind: id), \(bind: organisation.id), \(bind: "u-\(id.lowercasedString)"), \(bind: role.rawValue), '-',
                                \(bind: role.rawValue), \(bind: clock.now()))
                        """).run()
                }
                return Actor(principal: .user(id), organisationID: organisation.id, organisationKind: organisation.kind, roles: [role])
            }
            let zone = try await directory.add(kind: .zoneAuthority, name: "EZA", code: nil)
            let enterprise = try await directory.add(kind: .investorEnterprise, name: "Công ty Gió Biển", code: nil, taxCode: "0201234569")
            let other = try await directory.add(kind: .investorEnterprise, name: "Other Co.", code: nil)
            let doc = try await directory.add(kind: .department, name: "Sở Xây dựng", code: "DOC")
            let police = try await directory.add(kind: .department, name: "Công an", code: "POLICE")
            for code in ["DOF", "DAE", "DOHA", "TAX"] { _ = try await directory.add(kind: .department, name: code, code: code) }
            return try await body(LicensingFixture(
                database: database, clock: clock, ledger: ledger, service: service, directory: directory,
                investor: try await person(.investor, enterprise), otherInvestor: try await person(.investor, other),
                officer: try await person(.ezaOfficer, zone), approver: try await person(.ezaApprover, zone),
                construction: try await person(.departmentOfficer, doc), police: try await person(.departmentOfficer, police)))
        }
    }

    static let pdf = Data("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".utf8)

    /// A construction-permit form that needs no fire-safety approval.
    static let constructionForm: JSONValue = [
        "projectName": "Nhà xưởng số 3", "plotCode": "CN-07", "grossFloorArea": 5400.5, "floors": 2, "height": 14.5,
        "fireSafetyAppraisalRequired": false, "ownerTaxCode": "0201234569", "ownerName": "Công ty Gió Biển",
        "workType": .string("new-construction"),
    ]

    /// A draft with every required document attached.
    func completeDraft(procedure: String = "CONSTRUCTION-PERMIT", form: JSONValue = Self.constructionForm) async throws -> Dossier {
        let dossier = try await service.create(procedureCode: procedure, form: form, by: investor)
        let definition = try await service.catalogue.procedure(procedure)!
        for document in definition.applicableDocuments(for: form) where document.required {
            _ = try await service.addDocument(to: dossier.id, type: document.code, filename: "\(document.code).pdf", bytes: Self.pdf,
                                              by: investor)
        }
        return try await service.dossier(dossier.id, by: investor)
    }

    @discardableResult
    func act(_ action: DossierAction, _ dossier: Dossier, by actor: Actor, input: LicensingService.TransitionInput = .init()) async throws
        -> Dossier
    {
        try await service.perform(action, on: dossier.id, input: input, expectedVersion: dossier.version, by: actor)
    }

    /// The procedure in force, numbered as the next version to publish and in force at once:
    /// a test changes what it needs and publishes it.
    func nextVersion(of code: String) async throws -> Procedure {
        var procedure = try #require(try await service.catalogue.procedure(code))
        procedure.version = try #require(service.catalogue.catalogue.procedures.filter { $0.code == code }.map(\.version).max()) + 1
        procedure.effectiveFrom = nil
        return procedure
    }
}

/// Organisations known to the tests, also written to the organisations table (which
/// dossiers and consultations reference).
final class TestDirectory: OrganisationDirectory {
    let database: Database
    let entries = Mutex<[UUID: DirectoryEntry]>([:])
    let officers = Mutex<Set<UUID>>([])

    init(database: Database) { self.database = database }

    func add(kind: OrganisationKind, name: String, code: String?, taxCode: String? = nil) async throws -> DirectoryEntry {
        let entry = DirectoryEntry(id: UUID.v7(at: testEpoch), kind: kind, name: name, nameLatin: nil, taxCode: taxCode, country: "VN",
                                   code: code)
        try await database.transaction { tx in
            try await tx.sql.raw("""
                INSERT INTO organisations (id, kind, name, country, tax_code, preferred_language, code, created_at, version)
                VALUES (\(bind: entry.id), \(bind: kind.rawValue), \(bind: name), 'VN', \(bind: taxCode), 'vi', \(bind: code),
                        \(bind: testEpoch), 1)
                """).run()
        }
        entries.withLock { $0[entry.id] = entry }
        return entry
    }

    func organisation(_ id: UUID) async throws -> DirectoryEntry? { entries.withLock { $0[id] } }
    func organisation(code: String) async throws -> DirectoryEntry? { entries.withLock { $0.values.first { $0.code == code } } }
    func isZoneOfficer(_ user: UUID) async throws -> Bool { officers.withLock { $0.contains(user) } }
    /// The fixture's officers are actors without user rows: no names to give.
    func displayNames(of users: [UUID]) async throws -> [UUID: String] { [:] }
    func organisations(matching text: String, limit: Int) async throws -> [UUID] {
        entries.withLock { entries in
            Array(entries.values.filter { $0.taxCode == text || $0.name.lowercased().contains(text.lowercased()) }.map(\.id).prefix(limit))
        }
    }
}
