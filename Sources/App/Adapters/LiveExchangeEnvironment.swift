import DataExchange
import FTZCore
import Foundation
import Identity
import Licensing
import TradeData

/// The exchange's view of the system: registry members from identity, and the records
/// behind each shared service from licensing and trade data. Every field a service lists
/// is produced here; the exchange keeps only those a grant allows.
struct LiveExchangeEnvironment: ExchangeEnvironment {
    let identity: IdentityAdministration
    let licensing: LicensingService
    let trade: TradeService

    func client(_ id: UUID) async throws -> ExchangeClientInfo? {
        guard let client = try await identity.clientRecord(id), let organisation = try await identity.organisationRecord(client.organisationID)
        else { return nil }
        return ExchangeClientInfo(organisationID: organisation.id, organisationKind: organisation.kind, organisationCode: organisation.code,
                                  organisationName: organisation.name)
    }

    func subject(of subject: ExchangeCatalogue.Subject, reference: String) async throws -> ExchangeSubject? {
        switch subject {
        case .enterprise:
            guard let taxCode = try? TaxCode(reference), let organisation = try await identity.organisation(taxCode: taxCode) else { return nil }
            return ExchangeSubject(organisationID: organisation.id, reference: taxCode.description)
        case .certificate:
            guard let certificate = try await licensing.certificateRecord(reference) else { return nil }
            return ExchangeSubject(organisationID: certificate.organisationID, reference: certificate.number)
        }
    }

    func records(service: String, subject: ExchangeSubject) async throws -> [[String: JSONValue]] {
        guard let organisationID = subject.organisationID else { return [] }
        switch service {
        case "enterprise-register":
            guard let organisation = try await identity.organisationRecord(organisationID) else { return [] }
            let activities = try await licensing.licensedActivities(of: organisationID)
            let certificates = try await licensing.certificates(heldBy: organisationID)
            return [[
                "organisationId": .string(organisation.id.lowercasedString), "name": .string(organisation.name),
                "nameLatin": .optional(organisation.nameLatin), "taxCode": .optional(organisation.taxCode?.description),
                "country": .string(organisation.country), "licensed": .bool(activities != nil),
                "activities": .array((activities ?? []).map(JSONValue.string)),
                "certificates": .array(certificates.map { ["number": .string($0.number), "type": .string($0.certificateType),
                                                          "status": .string($0.status.rawValue), "issuedAt": .string(RFC3339.format($0.issuedAt))] }),
            ]]
        case "investment-projects":
            return try await licensing.investmentProjects(of: organisationID).map { project in
                ["certificateNumber": .optional(project.certificateNumber), "projectName": .optional(project.projectName),
                 "sector": .optional(project.sector), "vsicCode": .optional(project.vsicCode), "totalCapital": project.totalCapital ?? .null,
                 "investorCountry": .optional(project.investorCountry), "issuedOn": .optional(project.issuedOn?.description)]
            }
        case "certificate-validity":
            guard let certificate = try await licensing.certificateRecord(subject.reference) else { return [] }
            let holder = try await identity.organisationRecord(certificate.organisationID)
            return [["number": .string(certificate.number), "type": .string(certificate.certificateType), "status": .string(certificate.status.rawValue),
                     "issuedAt": .string(RFC3339.format(certificate.issuedAt)), "supersededBy": .optional(certificate.supersededBy),
                     "holderTaxCode": .optional(holder?.taxCode?.description)]]
        case "customs-aggregates":
            let summary = try await trade.tradeSummary(of: organisationID)
            return [[
                "declarations": .integer(Int64(summary.declarations)),
                "byDirection": .object(summary.byDirection.mapValues { .integer(Int64($0)) }),
                "byChannel": .object(summary.byChannel.mapValues { .integer(Int64($0)) }),
                "value": .array(summary.value.map { ["direction": .string($0.direction), "amount": .string($0.total.amount),
                                                     "currency": .string($0.total.currency.code)] }),
                "topChapters": .array(summary.topChapters.map { ["chapter": .integer(Int64($0.chapter)), "lines": .integer(Int64($0.lines))] }),
            ]]
        case "container-events":
            return try await trade.recentEvents(of: organisationID).map { event in
                ["container": .optional(event.container), "code": .string(event.code), "eventAt": .string(RFC3339.format(event.eventAt)),
                 "location": .optional(event.location), "facility": .optional(event.facility), "inZone": .bool(event.inZone)]
            }
        default:
            return []
        }
    }
}
