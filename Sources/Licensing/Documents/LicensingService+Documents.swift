import FTZCore
import Foundation
import Storage

extension LicensingService {
    /// Attaches a document to a draft or a dossier sent back for a supplement. The type is
    /// decided from the bytes (415 unless PDF, PNG, JPEG or an office file); the bytes are
    /// stored by their SHA-256, which the ledger records.
    public func addDocument(to id: UUID, type: String, filename: String, bytes: Data, by actor: Actor) async throws -> DossierDocument {
        try actor.require(anyOf: .investor)
        guard let current = try await database.read({ try await self.dossiers.find(id, on: $0) }),
              current.organisationID == actor.organisationID
        else { throw Problem.notFound("dossier") }
        let procedure = try await procedure(of: current)
        var validator = FieldValidator()
        validator.check(procedure.documents.contains { $0.code == type }, "query:type", "document_type_unknown", arguments: ["value": type])
        let name = filename.trimmingCharacters(in: .whitespacesAndNewlines)
        validator.check(!name.isEmpty && name.count <= 255 && !name.contains("/") && !name.contains("\\"), "query:filename", "filename_format")
        if !validator.errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: validator.errors) }
        guard bytes.count <= configuration.maximumDocumentBytes else {
            throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(configuration.maximumDocumentBytes)])
        }
        guard !bytes.isEmpty else { throw Problem(.badRequest, "body_required", fieldErrors: [.init("", "required")]) }
        guard let kind = ContentSniffer.kind(of: bytes) else {
            throw Problem(.unsupportedMediaType, "document_type_not_accepted", fieldErrors: [.init("", "document_content")])
        }
        let digest = try await documentStore.put(bytes)
        let now = clock.now()
        let document = DossierDocument(id: UUID.v7(at: now), dossierID: id, documentType: type, filename: name, mediaType: kind.rawValue,
                                       size: Int64(bytes.count), sha256: digest, uploadedBy: actor.reference, uploadedAt: now)
        try await database.transaction { tx in
            guard let dossier = try await self.dossiers.find(id, on: tx.sql, forUpdate: true) else { throw Problem.notFound("dossier") }
            guard [.draft, .supplementRequested].contains(dossier.status) else {
                throw Problem.conflict("dossier_not_editable", arguments: ["status": dossier.status.rawValue],
                                       allowed: DossierAction.allowed(from: dossier.status).map(\.rawValue))
            }
            try await self.documentRecords.insert(document, on: tx.sql)
            try await self.ledger.append(LicensingEvents.documentAdded(document, organisation: dossier.organisationID), by: actor, in: tx)
        }
        return document
    }

    public func documents(of id: UUID, by actor: Actor) async throws -> [DossierDocument] {
        _ = try await dossier(id, by: actor)
        return try await database.read { try await self.documentRecords.list(dossier: id, on: $0) }
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
              let bytes = try await documentStore.get(document.sha256)
        else { throw Problem.notFound("document") }
        return (document, bytes)
    }
}
