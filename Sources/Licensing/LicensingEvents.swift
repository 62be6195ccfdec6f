import FTZCore
import Foundation
import Ledger

/// The ledger entries licensing writes. Form contents (which may name people) enter only
/// as a digest; documents by their SHA-256.
enum LicensingEvents {
    static func procedurePublished(_ procedure: Procedure) -> LedgerEvent {
        LedgerEvent(action: "licensing.procedure.published", subjectType: "procedure", subjectID: "\(procedure.code)@\(procedure.version)",
                    organisationID: nil,
                    payload: ["code": .string(procedure.code), "version": .integer(Int64(procedure.version)),
                              "timeLimitDays": .integer(Int64(procedure.timeLimit.days)),
                              "counted": .string(procedure.timeLimit.counted.rawValue)])
    }

    static func calendarChanged(_ year: WorkingCalendar.Year, version: Int) -> LedgerEvent {
        LedgerEvent(action: "licensing.calendar.changed", subjectType: "calendar_year", subjectID: String(year.year), organisationID: nil,
                    payload: ["version": .integer(Int64(version)),
                              "holidays": .array(year.holidays.map { .string($0.date.description) }),
                              "makeUpWorkingDays": .array(year.makeUpWorkingDays.map { .string($0.description) }),
                              "effectiveFrom": year.effectiveFrom.map { .string($0.description) } ?? .null])
    }

    static func dossierCreated(_ dossier: Dossier) -> LedgerEvent {
        LedgerEvent(action: "licensing.dossier.created", subjectType: "dossier", subjectID: dossier.id.lowercasedString,
                    organisationID: dossier.organisationID,
                    payload: ["procedure": .string("\(dossier.procedureCode)@\(dossier.procedureVersion)")],
                    personalData: ["form": dossier.form])
    }

    static func formChanged(_ dossier: Dossier) -> LedgerEvent {
        LedgerEvent(action: "licensing.dossier.form_changed", subjectType: "dossier", subjectID: dossier.id.lowercasedString,
                    organisationID: dossier.organisationID, payload: ["version": .integer(Int64(dossier.version))],
                    personalData: ["form": dossier.form])
    }

    static func transition(_ dossier: Dossier, action: String, from: DossierStatus?, details: JSONValue) -> LedgerEvent {
        var payload: [String: JSONValue] = [
            "action": .string(action), "to": .string(dossier.status.rawValue), "from": .optional(from?.rawValue),
            "reference": .optional(dossier.reference), "version": .integer(Int64(dossier.version)),
        ]
        if case .object(let members) = details {
            for (key, value) in members where key != "comment" { payload[key] = value }
        }
        return LedgerEvent(action: "licensing.dossier.\(action)", subjectType: "dossier", subjectID: dossier.id.lowercasedString,
                           organisationID: dossier.organisationID, payload: .object(payload),
                           personalData: details["comment"].map { ["comment": $0] })
    }

    static func documentAdded(_ document: DossierDocument, organisation: UUID) -> LedgerEvent {
        LedgerEvent(action: "licensing.document.added", subjectType: "dossier_document", subjectID: document.id.lowercasedString,
                    organisationID: organisation,
                    payload: ["dossier": .string(document.dossierID.lowercasedString), "type": .string(document.documentType),
                              "mediaType": .string(document.mediaType), "size": .integer(document.size),
                              "sha256": .string(document.sha256)],
                    personalData: ["filename": .string(document.filename)])
    }

    /// A document replaced (`replacedBy`) or removed: it stops counting for the dossier.
    static func documentWithdrawn(_ document: UUID, dossier: Dossier, replacedBy: UUID?) -> LedgerEvent {
        LedgerEvent(action: replacedBy == nil ? "licensing.document.removed" : "licensing.document.replaced", subjectType: "dossier_document",
                    subjectID: document.lowercasedString, organisationID: dossier.organisationID,
                    payload: ["dossier": .string(dossier.id.lowercasedString), "replacedBy": .optional(replacedBy?.lowercasedString)])
    }

    static func consultationAnswered(_ consultation: Consultation, organisation: UUID) -> LedgerEvent {
        LedgerEvent(action: "licensing.consultation.answered", subjectType: "consultation", subjectID: consultation.id.lowercasedString,
                    organisationID: organisation,
                    payload: ["dossier": .string(consultation.dossierID.lowercasedString), "department": .string(consultation.departmentCode),
                              "opinion": .optional(consultation.opinion)],
                    personalData: ["answer": .optional(consultation.answer)],
                    visibility: .internal)  // a department's advice to the authority, not to the applicant
    }

    static func certificateIssued(_ certificate: Certificate, supersedes: String?) -> LedgerEvent {
        LedgerEvent(action: "licensing.certificate.issued", subjectType: "certificate", subjectID: certificate.number,
                    organisationID: certificate.organisationID,
                    payload: ["type": .string(certificate.certificateType), "keyId": .string(certificate.keyID),
                              "contentSha256": .string(FileSystemDocumentStore.digest(Data(certificate.content.utf8))),
                              "supersedes": .optional(supersedes)])
    }

    static func certificateRevoked(_ number: String, organisation: UUID, reason: String) -> LedgerEvent {
        LedgerEvent(action: "licensing.certificate.revoked", subjectType: "certificate", subjectID: number, organisationID: organisation,
                    payload: [:], personalData: ["reason": .string(reason)])
    }

    /// The authority's own work on a dossier (assignment, staff notes): filed under the
    /// applicant, read only by auditors and administrators.
    static func internalWork(_ action: String, dossier: Dossier, payload: JSONValue, personal: JSONValue? = nil) -> LedgerEvent {
        LedgerEvent(action: "licensing.dossier.\(action)", subjectType: "dossier", subjectID: dossier.id.lowercasedString,
                    organisationID: dossier.organisationID, payload: payload, personalData: personal, visibility: .internal)
    }
}
