import DocumentSigning
import FTZCore
import Foundation
import Ledger
import Logging
import SQLKit
import Storage

/// Settings of the licensing capability.
public struct LicensingConfiguration: Sendable {
    /// Largest accepted document, in bytes (413 beyond).
    public var maximumDocumentBytes = 20 << 20
    /// Document bytes one organisation may keep in all its dossiers (413 beyond).
    public var organisationDocumentQuotaBytes: Int64 = 2 << 30
    /// Stored bytes no document row refers to are removed once this old (an upload whose
    /// transaction did not commit); younger ones may belong to an upload still committing.
    public var orphanGracePeriod: TimeInterval = 3600
    /// The address people reach the service at (`FTZ_PUBLIC_URL`): a document's QR code
    /// leads to its verification page there.
    public var publicBase = "http://127.0.0.1:8080"
    /// Who signs the PDFs the Authority issues (PAdES); nil leaves them unsigned, which only
    /// tests of the layout do: the server always configures one.
    public var documentSigner: (any DocumentSigner)?
    public init() {}
}

/// The one-stop shop: dossiers from draft to certificate, with the statutory clock, the
/// consultations of departments, documents and signed certificates. Every change is
/// written with its ledger entry in one transaction.
public final class LicensingService: Sendable {
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    public let catalogue: CatalogueService
    let directory: any OrganisationDirectory
    let documentStore: any DocumentStore
    let certificateKey: NoteSigningKey
    public let configuration: LicensingConfiguration
    let logger: Logger
    let dossiers = DossierRepository()
    let consultationRecords = ConsultationRepository()
    let documentRecords = DocumentRepository()
    let certificates = CertificateRepository()
    let reports = DossierReportRepository()
    let ratings = RatingRepository()

    public init(database: Database, ledger: Ledger, clock: any WallClock, catalogue: CatalogueService,
                directory: any OrganisationDirectory, documentStore: any DocumentStore, certificateKey: NoteSigningKey,
                configuration: LicensingConfiguration = .init(), logger: Logger) {
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.catalogue = catalogue
        self.directory = directory
        self.documentStore = documentStore
        self.certificateKey = certificateKey
        self.configuration = configuration
        self.logger = logger
    }

    /// Roles that work the zone's queues and see every dossier.
    static let staff = Role.zoneStaff

    // MARK: - Visibility

    /// Whether the actor may read the dossier: its own organisation, zone staff, or a
    /// department consulted on it. Anyone else is told it does not exist.
    func canRead(_ dossier: Dossier, _ actor: Actor, on sql: any SQLDatabase) async throws -> Bool {
        if actor.organisationID == dossier.organisationID { return true }
        if !actor.roles.isDisjoint(with: Self.staff) { return true }
        // Only a department needs the consultations looked up.
        guard let organisation = actor.organisationID, actor.has(.departmentOfficer) else { return false }
        return try await consultationRecords.forDossier(dossier.id, on: sql).contains { $0.departmentID == organisation }
    }

    public func dossier(_ id: UUID, by actor: Actor) async throws -> Dossier {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        return Self.shown(try await asOfToday(try await database.read { sql in try await self.visibleDossier(id, by: actor, on: sql) }), to: actor)
    }

    /// A dossier as `actor` may read it. The applicant is told the authority acts, never which
    /// official holds the dossier: staff and consulted departments see the assignee, an
    /// investor does not (security review, issue 33: `assigneeId` reached investors).
    static func shown(_ dossier: Dossier, to actor: Actor) -> Dossier {
        guard actor.roles.isDisjoint(with: staff), !actor.has(.departmentOfficer) else { return dossier }
        var shown = dossier
        shown.assigneeID = nil
        return shown
    }

    /// The dossier if the actor may see it (locked for update inside a transaction), else 404.
    func visibleDossier(_ id: UUID, by actor: Actor, on sql: any SQLDatabase, forUpdate: Bool = false) async throws -> Dossier {
        guard let dossier = try await dossiers.find(id, on: sql, forUpdate: forUpdate), try await canRead(dossier, actor, on: sql) else {
            throw Problem.notFound("dossier")
        }
        return dossier
    }

    func procedure(of dossier: Dossier) async throws -> Procedure {
        guard let procedure = try await catalogue.procedure(dossier.procedureCode, version: dossier.procedureVersion) else {
            throw Problem(.internalError, "internal_error")
        }
        return procedure
    }

    // MARK: - Drafts

    /// Starts a dossier under the latest version of a procedure (investors, for their own
    /// organisation). The form may be incomplete until submission, but what is there must
    /// have the right types.
    public func create(procedureCode: String, form: JSONValue, by actor: Actor) async throws -> Dossier {
        try actor.require(anyOf: .investor)
        guard let organisation = actor.organisationID, case .user(let userID) = actor.principal else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": Role.investor.rawValue])
        }
        guard let procedure = try await catalogue.procedure(procedureCode) else {
            throw Problem.invalid("/procedureCode", "procedure_unknown", arguments: ["value": procedureCode])
        }
        let problems = formSchema(procedure).validate(form, requireAll: false)
        if !problems.isEmpty { throw Problem.invalid(problems) }
        let now = clock.now()
        let dossier = Dossier(id: UUID.v7(at: now), reference: nil, organisationID: organisation, procedureCode: procedure.code,
                              procedureVersion: procedure.version, status: .draft, form: form, createdBy: userID, assigneeID: nil,
                              submittedOn: nil, clockStartedOn: nil, appointmentOn: nil, pausedOn: nil, remainingDays: nil, pausedDays: 0, decidedOn: nil,
                              processingDays: nil, onTime: nil, refusalReasons: [], certificateNumber: nil, createdAt: now,
                              updatedAt: now, version: 1)
        try await database.transaction { tx in
            try await self.dossiers.insert(dossier, on: tx.sql)
            try await self.dossiers.insertEvent(DossierEvent(id: UUID.v7(at: now), at: now, actor: actor.reference, action: "created",
                                                             fromStatus: nil, toStatus: .draft, details: [:]),
                                                dossier: dossier.id, on: tx.sql)
            try await self.ledger.append(LicensingEvents.dossierCreated(dossier), by: actor, in: tx)
        }
        return dossier
    }

    /// Replaces the form of a draft, or of a dossier sent back for a supplement.
    public func updateForm(_ id: UUID, form: JSONValue, expectedVersion: Int, by actor: Actor) async throws -> Dossier {
        try actor.require(anyOf: .investor)
        return try await database.transaction { tx in
            var dossier = try await self.visibleDossier(id, by: actor, on: tx.sql, forUpdate: true)
            guard dossier.organisationID == actor.organisationID else { throw Problem.notFound("dossier") }
            let problems = self.formSchema(try await self.procedure(of: dossier)).validate(form, requireAll: false)
            if !problems.isEmpty { throw Problem.invalid(problems) }
            guard dossier.version == expectedVersion else { throw Problem.staleVersion() }
            guard dossier.status.isEditableByInvestor else {
                throw Problem.conflict("dossier_not_editable", arguments: ["status": dossier.status.rawValue],
                                       allowed: DossierAction.allowed(from: dossier.status).map(\.rawValue))
            }
            dossier.form = form
            dossier.version += 1
            dossier.updatedAt = self.clock.now()
            guard try await self.dossiers.update(dossier, expectedVersion: expectedVersion, on: tx.sql) else { throw Problem.staleVersion() }
            try await self.dossiers.replaceSearchTerms(of: dossier, on: tx.sql)
            try await self.ledger.append(LicensingEvents.formChanged(dossier), by: actor, in: tx)
            return Self.shown(dossier, to: actor)
        }
    }

    /// A procedure's form with the zone's data its formats need (the city's places).
    func formSchema(_ procedure: Procedure) -> FormSchema {
        FormSchema(procedure.form, places: catalogue.catalogue.places, activities: catalogue.catalogue.activities)
    }
}
