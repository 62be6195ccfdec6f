import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Licensing
import Localization
import OpenAPIRuntime

/// Licensing values ⇄ generated API types, with texts in the caller's language.
struct LicensingMapping {
    let language: Language
    let messages: MessageCatalogue
    let catalogue: ZoneCatalogue

    // MARK: Free-form JSON (forms, schemas, certificate content)

    static func json(_ container: OpenAPIObjectContainer) throws -> JSONValue { JSONContainers.json(container) }

    static func container(_ value: JSONValue) -> OpenAPIObjectContainer { JSONContainers.container(value) }

    // MARK: Dates

    /// A date written for people: "ngày 2 tháng 3 năm 2026", "March 2, 2026", "2026年3月2日".
    func display(_ date: LocalDate) -> String { messages.display(date, language) }

    // MARK: Procedures

    func summary(_ procedure: Procedure) -> Components.Schemas.ProcedureSummary {
        .init(code: procedure.code, version: procedure.version, nationalCode: procedure.nationalCode ?? Procedure.unconfirmedNationalCode,
              name: procedure.name.text(language), certificateType: procedure.certificateType,
              timeLimit: .init(days: procedure.timeLimit.days, counted: procedure.timeLimit.counted == .working ? .working : .calendar),
              result: procedure.result.text(language))
    }

    func detail(_ procedure: Procedure) -> Components.Schemas.ProcedureDetail {
        let text = LocalizedTextResolver(language)
        let fees = procedure.fees.map { fee in
            Components.Schemas.ProcedureDetail.FeesPayloadPayload(code: fee.code, name: text(fee.name),
                                                                  amount: .init(amount: fee.amount, currency: fee.currency),
                                                                  amountDisplay: moneyDisplay(fee),
                                                                  filing: fee.filing.flatMap { .init(rawValue: $0.rawValue) })
        }
        let documents = procedure.documents.map { document in
            Components.Schemas.ProcedureDetail.DocumentsPayloadPayload(
                code: document.code, name: text(document.name), required: document.required,
                condition: document.when.map { "\($0.field) = \($0.equals.stringValue ?? $0.equals.canonicalString)" })
        }
        let consultations = procedure.consultations.map { rule in
            Components.Schemas.ProcedureDetail.ConsultationsPayloadPayload(
                department: rule.department, departmentName: catalogue.department(rule.department).map { text($0.name) } ?? rule.department,
                days: rule.days, counted: rule.counted == .working ? .working : .calendar, purpose: text(rule.purpose))
        }
        let steps = procedure.steps.map {
            Components.Schemas.ProcedureDetail.StepsPayloadPayload(actor: $0.actor, actorName: messages.text("actor.\($0.actor)", language),
                                                                   text: text($0.text))
        }
        var detail = Components.Schemas.ProcedureDetail(
            code: procedure.code, version: procedure.version, nationalCode: procedure.nationalCode ?? Procedure.unconfirmedNationalCode,
            clock: clockRule(procedure), name: text(procedure.name), description: text(procedure.description),
            legalBasis: text(procedure.legalBasis), certificateType: procedure.certificateType,
            timeLimit: .init(days: procedure.timeLimit.days, counted: procedure.timeLimit.counted == .working ? .working : .calendar),
            fees: fees, form: .init(additionalProperties: Self.container(procedure.form)), documents: documents,
            consultations: consultations, result: text(procedure.result), steps: steps, complaints: text(procedure.complaints),
            language: language.rawValue, fallbackLanguages: text.fallbackLanguages)
        detail.effectiveFrom = procedure.effectiveFrom?.description
        detail.effectiveUntil = procedure.effectiveUntil?.description
        detail.onlineFilingTotal = onlineFilingTotal(procedure)
        return detail
    }

    func clockRule(_ procedure: Procedure) -> Components.Schemas.ClockRule {
        let rule = procedure.clockRule
        return .init(startsOn: rule.startsOn == .submission ? .submission : .acceptance,
                     onSupplement: rule.onSupplement == .resume ? .resume : .restart)
    }

    /// What an online filer pays, when the procedure charges anything.
    func onlineFilingTotal(_ procedure: Procedure) -> Components.Schemas.FeeTotal? {
        guard let total = procedure.onlineFilingTotal else { return nil }
        return .init(amount: .init(amount: total.amount, currency: total.currency.code),
                     amountDisplay: LocaleFormat.money(amount: total.amount, currency: total.currency.code, language))
    }

    func moneyDisplay(_ fee: Procedure.Fee) -> String { LocaleFormat.money(amount: fee.amount, currency: fee.currency, language) }

    func timeLimit(_ procedure: Procedure) -> Components.Schemas.TimeLimit {
        .init(days: procedure.timeLimit.days, counted: procedure.timeLimit.counted == .working ? .working : .calendar)
    }

    func reason(_ code: String) -> Components.Schemas.Reason {
        .init(code: code, text: catalogue.reason(code)?.text.text(language) ?? code)
    }

    // MARK: Dossiers

    func dossier(_ dossier: Dossier) -> Components.Schemas.Dossier {
        .init(id: dossier.id.lowercasedString, reference: dossier.reference, nationalCode: dossier.nationalCode, organisationId: dossier.organisationID.lowercasedString,
              procedureCode: dossier.procedureCode, procedureVersion: dossier.procedureVersion,
              status: Components.Schemas.DossierStatus(dossier.status),
              statusName: messages.text("status.\(dossier.status.rawValue)", language),
              nextStep: messages.text("next.\(dossier.status.rawValue)", language),
              form: .init(additionalProperties: Self.container(dossier.form)), assigneeId: dossier.assigneeID?.lowercasedString,
              submittedOn: dossier.submittedOn?.description,
              clockStartedOn: dossier.clockStartedOn?.description, appointmentOn: dossier.appointmentOn?.description,
              appointmentOnDisplay: dossier.appointmentOn.map(display), paused: dossier.pausedOn != nil,
              remainingDays: dossier.remainingDays, overdue: dossier.overdue, decidedOn: dossier.decidedOn?.description,
              processingDays: dossier.processingDays, onTime: dossier.onTime, refusalReasons: dossier.refusalReasons.map(reason),
              certificateNumber: dossier.certificateNumber, allowedActions: DossierAction.allowed(from: dossier.status).map(\.rawValue),
              createdAt: dossier.createdAt, updatedAt: dossier.updatedAt)
    }

    /// A timeline step for the investor: which side acted, never which official.
    func event(_ event: DossierEvent) -> Components.Schemas.DossierHistory.EventsPayloadPayload {
        .init(at: event.at, action: event.action, actionName: messages.text("action.\(event.action)", language),
              status: Components.Schemas.DossierStatus(event.toStatus),
              statusName: messages.text("status.\(event.toStatus.rawValue)", language),
              byAuthority: event.byAuthority,
              comment: event.details["comment"]?.stringValue, appointmentOn: event.details["appointmentOn"]?.stringValue,
              missingDocuments: event.details["missingDocuments"].flatMap { value in
                  if case .array(let items) = value { return items.compactMap(\.stringValue) }
                  return nil
              },
              reasons: event.details["reasons"].flatMap { value in
                  if case .array(let items) = value { return items.compactMap(\.stringValue).map(reason) }
                  return nil
              })
    }

    /// A consultation as the investor sees it: who, by when, whether answered, not what was said.
    func timelineConsultation(_ consultation: Consultation) -> Components.Schemas.DossierHistory.ConsultationsPayloadPayload {
        .init(department: consultation.departmentCode,
              departmentName: catalogue.department(consultation.departmentCode).map { LocalizedTextResolver(language)($0.name) }
                  ?? consultation.departmentCode,
              requestedOn: consultation.requestedOn.description, dueOn: consultation.dueOn.description, dueOnDisplay: display(consultation.dueOn),
              answered: consultation.status == .answered, overdue: consultation.overdue)
    }

    static func document(_ document: DossierDocument) -> Components.Schemas.Document {
        .init(id: document.id.lowercasedString, _type: document.documentType, filename: document.filename, mediaType: document.mediaType,
              size: document.size, sha256: document.sha256, uploadedAt: document.uploadedAt)
    }

    static func consultation(_ consultation: Consultation) -> Components.Schemas.Consultation {
        .init(id: consultation.id.lowercasedString, dossierId: consultation.dossierID.lowercasedString,
              department: consultation.departmentCode, requestedOn: consultation.requestedOn.description,
              dueOn: consultation.dueOn.description, status: Self.status(consultation.status),
              overdue: consultation.overdue,
              opinion: consultation.opinion.flatMap(Components.Schemas.Consultation.OpinionPayload.init(rawValue:)),
              answer: consultation.answer, answeredAt: consultation.answeredAt)
    }

    static func status(_ status: Consultation.Status) -> Components.Schemas.Consultation.StatusPayload {
        switch status {
        case .pending: .pending
        case .answered: .answered
        }
    }

    static func status(_ status: Certificate.Status) -> Components.Schemas.CertificateVerification.StatusPayload {
        switch status {
        case .valid: .valid
        case .revoked: .revoked
        case .superseded: .superseded
        }
    }
}
