import FTZCore
import Foundation
import SQLKit
import Storage

/// A dossier's documents: upload (sniffed, sized, hashed, counted against the
/// organisation's quota), listing, download, and sweeping bytes no row refers to. Locks
/// the dossier row it attaches to, so a document never lands on a submitted dossier.
extension LicensingService {
    /// Attaches a document to a draft or a dossier sent back for a supplement. The type is
    /// decided from the bytes (415 unless PDF, PNG, JPEG or an office file); the bytes are
    /// stored by their SHA-256, which the ledger records.
    ///
    /// Everything that can refuse the upload without its bytes is asked first (who, which
    /// dossier, its status, the parameters, the organisation's quota against `declaredSize`),
    /// and only then is `readBytes` called: a refused upload costs no memory and leaves no
    /// file. The checks are repeated under the dossier's lock, where the bytes are stored
    /// durably before the transaction commits.
    ///
    /// `replacing` names a current document of the dossier that the new one takes the place
    /// of (same type): the old one stops counting, kept as history.
    public func addDocument(to id: UUID, type requestedType: String, filename: String, declaredSize: Int64?, replacing: UUID? = nil,
                            readBytes: () async throws -> Data, by actor: Actor) async throws -> DossierDocument {
        try actor.require(anyOf: .investor)
        guard let current = try await database.read({ try await self.dossiers.find(id, on: $0) }),
              current.organisationID == actor.organisationID
        else { throw Problem.notFound("dossier") }
        try Self.requireEditable(current)
        var type = requestedType
        if let replacing {
            guard let replaced = try await database.read({ try await self.documentRecords.find(replacing, dossier: id, on: $0) }),
                  replaced.withdrawnAt == nil
            else { throw Problem.notFound("document") }
            type = replaced.documentType
        }
        let procedure = try await procedure(of: current)
        var validator = FieldValidator()
        validator.check(procedure.documents.contains { $0.code == type }, "type", "document_type_unknown", arguments: ["value": type])
        let name = filename.trimmingCharacters(in: .whitespacesAndNewlines)
        validator.check(!name.isEmpty && name.count <= 255 && !name.contains("/") && !name.contains("\\")
                            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control } && !name.contains("\""),
                        "filename", "filename_format")
        if !validator.errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: validator.errors) }
        if let declaredSize {
            try checkSize(declaredSize)
            try await checkQuota(of: current.organisationID, adding: declaredSize, on: nil)
        }
        let bytes = try await readBytes()
        try checkSize(Int64(bytes.count))
        guard !bytes.isEmpty else { throw Problem(.badRequest, "body_required", fieldErrors: [.init("", "required")]) }
        guard let kind = ContentSniffer.kind(of: bytes) else {
            throw Problem(.unsupportedMediaType, "document_type_not_accepted", fieldErrors: [.init("", "document_content")])
        }
        let digest = FileSystemDocumentStore.digest(bytes)
        let now = clock.now()
        let document = DossierDocument(id: UUID.v7(at: now), dossierID: id, documentType: type, filename: name, mediaType: kind.rawValue,
                                       size: Int64(bytes.count), sha256: digest, uploadedBy: actor.reference, uploadedAt: now)
        try await database.transaction { tx in
            guard let dossier = try await self.dossiers.find(id, on: tx.sql, forUpdate: true) else { throw Problem.notFound("dossier") }
            try Self.requireEditable(dossier)
            try await self.checkQuota(of: dossier.organisationID, adding: document.size, on: tx.sql)
            try await self.documentStore.put(bytes, digest: digest, at: now, in: tx)
            try await self.documentRecords.insert(document, on: tx.sql)
            try await self.ledger.append(LicensingEvents.documentAdded(document, organisation: dossier.organisationID), by: actor, in: tx)
            if let replacing {
                guard try await self.documentRecords.withdraw(replacing, at: now, replacedBy: document.id, on: tx.sql) else {
                    throw Problem.conflict("document_withdrawn")
                }
                try await self.ledger.append(LicensingEvents.documentWithdrawn(replacing, dossier: dossier, replacedBy: document.id), by: actor, in: tx)
            }
        }
        return document
    }

    /// Takes a document out of a draft or a dossier in a supplement round: it stops counting
    /// (the checklist shows it missing again) and stays in the dossier's history.
    public func removeDocument(_ documentID: UUID, of id: UUID, by actor: Actor) async throws {
        try actor.require(anyOf: .investor)
        try await database.transaction { tx in
            guard let dossier = try await self.dossiers.find(id, on: tx.sql, forUpdate: true), dossier.organisationID == actor.organisationID
            else { throw Problem.notFound("dossier") }
            try Self.requireEditable(dossier)
            guard try await self.documentRecords.find(documentID, dossier: id, on: tx.sql) != nil else { throw Problem.notFound("document") }
            guard try await self.documentRecords.withdraw(documentID, at: self.clock.now(), replacedBy: nil, on: tx.sql) else {
                throw Problem.conflict("document_withdrawn")
            }
            try await self.ledger.append(LicensingEvents.documentWithdrawn(documentID, dossier: dossier, replacedBy: nil), by: actor, in: tx)
        }
    }

    /// The documents replaced or removed, the latest first, for whoever may read the dossier.
    public func withdrawnDocuments(of id: UUID, by actor: Actor) async throws -> [DossierDocument] {
        _ = try await dossier(id, by: actor)
        return try await database.read { try await self.documentRecords.withdrawn(dossier: id, on: $0) }
    }

    /// Attaches a document whose bytes are already in memory (imports, tests, benchmarks).
    public func addDocument(to id: UUID, type: String, filename: String, bytes: Data, by actor: Actor) async throws -> DossierDocument {
        try await addDocument(to: id, type: type, filename: filename, declaredSize: Int64(bytes.count), readBytes: { bytes }, by: actor)
    }

    private static func requireEditable(_ dossier: Dossier) throws {
        guard dossier.status.isEditableByInvestor else {
            throw Problem.conflict("dossier_not_editable", arguments: ["status": dossier.status.rawValue],
                                   allowed: DossierAction.allowed(from: dossier.status).map(\.rawValue))
        }
    }

    private func checkSize(_ size: Int64) throws {
        guard size <= Int64(configuration.maximumDocumentBytes) else {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(configuration.maximumDocumentBytes)])
        }
    }

    /// 413 when the organisation's documents and `size` more would exceed its quota.
    private func checkQuota(of organisation: UUID, adding size: Int64, on sql: (any SQLDatabase)?) async throws {
        let used: Int64 = if let sql {
            try await documentRecords.totalSize(organisation: organisation, on: sql)
        } else {
            try await database.read { try await self.documentRecords.totalSize(organisation: organisation, on: $0) }
        }
        let quota = configuration.organisationDocumentQuotaBytes
        guard used + size <= quota else {
            throw Problem(.payloadTooLarge, "document_quota_exceeded", arguments: ["quota": String(quota), "used": String(used)])
        }
    }

    /// Removes stored bytes that no document refers to and that are older than the grace
    /// period (uploads whose transaction failed after staging); returns how many.
    public func sweepOrphanDocuments() async throws -> Int {
        let cutoff = clock.now() - configuration.orphanGracePeriod
        let candidates = try await documentStore.digests(storedBefore: cutoff)
        var removed = 0
        for slice in SQLBatch.slices(candidates) {
            let chunk = Array(slice)
            let referenced = try await database.read { try await self.documentRecords.referencedDigests(among: chunk, on: $0) }
            for digest in chunk where !referenced.contains(digest) {
                try await documentStore.remove(digest, storedBefore: cutoff)
                removed += 1
            }
        }
        if removed > 0 { logger.info("orphan document bytes removed", metadata: ["count": "\(removed)"]) }
        return removed
    }

    public func documents(of id: UUID, by actor: Actor) async throws -> [DossierDocument] {
        _ = try await dossier(id, by: actor)
        return try await database.read { try await self.documentRecords.list(dossier: id, on: $0) }
    }

    /// The investor's own enterprise's documents across all its dossiers, newest first.
    public func enterpriseDocuments(page: PageRequest, by actor: Actor) async throws -> Page<EnterpriseDocument> {
        try actor.require(anyOf: .investor)
        guard let organisation = actor.organisationID else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": Role.investor.rawValue])
        }
        return try await database.read { try await self.documentRecords.list(organisation: organisation, page: page, on: $0) }
    }

    /// A document's bytes, for the owner organisation, the assigned officer, approvers and
    /// consulted departments; other staff see the list but not the content.
    public func documentContent(_ documentID: UUID, of id: UUID, by actor: Actor) async throws -> (DossierDocument, Data) {
        let dossier = try await dossier(id, by: actor)
        // Readable here means owner, staff or a consulted department; of staff, only the
        // assignee and decision makers open the files.
        let allowed = actor.organisationID == dossier.organisationID
            || (actor.principal == dossier.assigneeID.map(Actor.Principal.user))
            || actor.hasAny(.ezaApprover, .admin, .auditor)
            || actor.has(.departmentOfficer)
        guard allowed, let document = try await database.read({ try await self.documentRecords.find(documentID, dossier: id, on: $0) }),
              // A consulted department judges the current documents only.
              document.withdrawnAt == nil || actor.organisationID == dossier.organisationID || !actor.has(.departmentOfficer),
              let bytes = try await documentStore.get(document.sha256)
        else { throw Problem.notFound("document") }
        return (document, bytes)
    }
}
