import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Licensing
import OpenAPIRuntime

extension APIHandler {
    private func answer(_ dossier: Dossier) async throws -> Components.Schemas.Dossier {
        tag(version: dossier.version)
        return licensingMapping.dossier(dossier)
    }

    func listDossiers(_ input: Operations.ListDossiers.Input) async throws -> Operations.ListDossiers.Output {
        let page = try page(limit: input.query.limit, cursor: input.query.cursor)
        var errors: [Problem.FieldError] = []
        let statuses = input.query.status.map { text in
            text.split(separator: ",").compactMap { name -> DossierStatus? in
                guard let status = DossierStatus(rawValue: String(name)) else { errors.append(.init("query:status", "invalid_value")); return nil }
                return status
            }
        }
        let due = input.query.dueBefore.flatMap { text -> LocalDate? in
            guard let date = LocalDate(text) else { errors.append(.init("query:dueBefore", "date_format")); return nil }
            return date
        }
        let assignee = input.query.assignee.flatMap { text -> UUID? in
            guard let id = UUID(uuidString: text) else { errors.append(.init("query:assignee", "uuid_format")); return nil }
            return id
        }
        if !errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: errors) }
        let result = try await services.licensing.list(.init(procedure: input.query.procedure, statuses: statuses, assignee: assignee,
                                                             dueOnOrBefore: due, overdue: input.query.overdue ?? false, search: input.query.q),
                                                       page: page, by: actor)
        let mapping = licensingMapping
        return .ok(.init(body: .json(.init(items: result.items.map { mapping.dossier($0) }, nextCursor: result.nextCursor))))
    }

    func createDossier(_ input: Operations.CreateDossier.Input) async throws -> Operations.CreateDossier.Output {
        let body = switch input.body { case .json(let body): body }
        let dossier = try await services.licensing.create(procedureCode: body.procedureCode,
                                                          form: try LicensingMapping.json(body.form.additionalProperties), by: actor)
        created(at: "/v1/dossiers/\(dossier.id.lowercasedString)", version: dossier.version)
        return .created(.init(body: .json(try await answer(dossier))))
    }

    func getDossier(_ input: Operations.GetDossier.Input) async throws -> Operations.GetDossier.Output {
        .ok(.init(body: .json(try await answer(try await services.licensing.dossier(try identifier(input.path.dossierId, "dossier"), by: actor)))))
    }

    func updateDossierForm(_ input: Operations.UpdateDossierForm.Input) async throws -> Operations.UpdateDossierForm.Output {
        let body = switch input.body { case .json(let body): body }
        let dossier = try await services.licensing.updateForm(try identifier(input.path.dossierId, "dossier"),
                                                              form: try LicensingMapping.json(body.form.additionalProperties),
                                                              expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        return .ok(.init(body: .json(try await answer(dossier))))
    }

    func transitionDossier(_ input: Operations.TransitionDossier.Input) async throws -> Operations.TransitionDossier.Output {
        let body = switch input.body { case .json(let body): body }
        let action = DossierAction(body.action)
        let dossier = try await services.licensing.perform(
            action, on: try identifier(input.path.dossierId, "dossier"),
            input: .init(comment: body.comment, missingDocuments: body.missingDocuments ?? [], reasons: body.reasons ?? [],
                         departments: body.departments, nationalCode: body.nationalCode),
            expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        return .ok(.init(body: .json(try await answer(dossier))))
    }

    func assignDossier(_ input: Operations.AssignDossier.Input) async throws -> Operations.AssignDossier.Output {
        let body = switch input.body { case .json(let body): body }
        let assignee = try body.assigneeId.map { try identifier($0, at: "/assigneeId") }
        let dossier = try await services.licensing.assign(try identifier(input.path.dossierId, "dossier"), to: assignee,
                                                          expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        return .ok(.init(body: .json(try await answer(dossier))))
    }

    func recordApology(_ input: Operations.RecordApology.Input) async throws -> Operations.RecordApology.Output {
        let body = switch input.body { case .json(let body): body }
        guard let date = LocalDate(body.newAppointmentOn) else { throw Problem.invalid("/newAppointmentOn", "date_format") }
        let dossier = try await services.licensing.recordApology(for: try identifier(input.path.dossierId, "dossier"), newAppointment: date,
                                                                 text: body.text,
                                                                 expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        return .ok(.init(body: .json(try await answer(dossier))))
    }

    func listDossierNotes(_ input: Operations.ListDossierNotes.Input) async throws -> Operations.ListDossierNotes.Output {
        let notes = try await services.licensing.notes(of: try identifier(input.path.dossierId, "dossier"), by: actor)
        return .ok(.init(body: .json(.init(items: notes.map { .init(id: $0.id.lowercasedString, author: $0.author, at: $0.at, text: $0.text) }))))
    }

    func addDossierNote(_ input: Operations.AddDossierNote.Input) async throws -> Operations.AddDossierNote.Output {
        let body = switch input.body { case .json(let body): body }
        let note = try await services.licensing.addNote(to: try identifier(input.path.dossierId, "dossier"), text: body.text, by: actor)
        return .created(.init(body: .json(.init(id: note.id.lowercasedString, author: note.author, at: note.at, text: note.text))))
    }

    func getDossierHistory(_ input: Operations.GetDossierHistory.Input) async throws -> Operations.GetDossierHistory.Output {
        let id = try identifier(input.path.dossierId, "dossier")
        let (dossier, events) = try await services.licensing.history(of: id, by: actor)
        let consultations = try await services.licensing.consultations(of: id, by: actor)
        let mapping = licensingMapping
        return .ok(.init(body: .json(.init(dossier: try await answer(dossier), consultations: consultations.map { mapping.timelineConsultation($0) },
                                           events: events.map(mapping.event)))))
    }

    func listDossierDocuments(_ input: Operations.ListDossierDocuments.Input) async throws -> Operations.ListDossierDocuments.Output {
        let documents = try await services.licensing.documents(of: try identifier(input.path.dossierId, "dossier"), by: actor)
        return .ok(.init(body: .json(.init(items: documents.map(LicensingMapping.document)))))
    }

    func uploadDossierDocument(_ input: Operations.UploadDossierDocument.Input) async throws -> Operations.UploadDossierDocument.Output {
        let body = switch input.body { case .binary(let body): body }
        let limit = services.licensing.configuration.maximumDocumentBytes
        let declaredSize: Int64? = if case .known(let length) = body.length { length } else { nil }
        let document = try await services.licensing.addDocument(
            to: try identifier(input.path.dossierId, "dossier"), type: input.query._type, filename: input.query.filename,
            declaredSize: declaredSize,
            readBytes: {
                do { return try await Data(collecting: body, upTo: limit) } catch {
                    throw Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(limit)])
                }
            }, by: actor)
        return .created(.init(body: .json(LicensingMapping.document(document))))
    }

    func getDossierDocumentContent(_ input: Operations.GetDossierDocumentContent.Input) async throws
        -> Operations.GetDossierDocumentContent.Output
    {
        let (document, bytes) = try await services.licensing.documentContent(try identifier(input.path.documentId, "document"),
                                                                             of: try identifier(input.path.dossierId, "dossier"), by: actor)
        let body = HTTPBody(bytes)
        // The browser must take the bytes for what the server sniffed, and save them under
        // the name they were uploaded with.
        ResponseDecorations.set(.xContentTypeOptions, "nosniff")
        ResponseDecorations.set(.contentDisposition, ContentDisposition.attachment(filename: document.filename))
        switch document.mediaType {
        case "application/pdf": return .ok(.init(body: .pdf(body)))
        case "image/png": return .ok(.init(body: .png(body)))
        case "image/jpeg": return .ok(.init(body: .jpeg(body)))
        default: return .ok(.init(body: .binary(body)))
        }
    }

    func listDossierConsultations(_ input: Operations.ListDossierConsultations.Input) async throws
        -> Operations.ListDossierConsultations.Output
    {
        let consultations = try await services.licensing.consultations(of: try identifier(input.path.dossierId, "dossier"), by: actor)
        return .ok(.init(body: .json(.init(items: consultations.map { LicensingMapping.consultation($0) }))))
    }

    func listConsultations(_ input: Operations.ListConsultations.Input) async throws -> Operations.ListConsultations.Output {
        let page = try page(limit: input.query.limit, cursor: input.query.cursor)
        let result = try await services.licensing.consultationQueue(pendingOnly: input.query.pending ?? false, page: page, by: actor)
        return .ok(.init(body: .json(.init(items: result.items.map { LicensingMapping.consultation($0) },
                                           nextCursor: result.nextCursor))))
    }

    func answerConsultation(_ input: Operations.AnswerConsultation.Input) async throws -> Operations.AnswerConsultation.Output {
        let body = switch input.body { case .json(let body): body }
        let consultation = try await services.licensing.answer(consultation: try identifier(input.path.consultationId, "consultation"),
                                                               opinion: body.opinion, text: body.text, by: actor)
        return .ok(.init(body: .json(LicensingMapping.consultation(consultation))))
    }
}
