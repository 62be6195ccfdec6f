import DataExchange
import FTZCore
import Foundation
import Identity
import Licensing
import TradeData

/// The exchange's view of the system: registry members from identity, and the records
/// behind the shared services from licensing and trade data, complete and typed. Which
/// fields leave the zone is DataExchange's decision, by catalogue and grant.
struct LiveExchangeEnvironment: ExchangeEnvironment {
    let identity: IdentityDirectory
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

    func enterprise(_ organisationID: UUID) async throws -> SharedEnterprise? {
        guard let organisation = try await identity.organisationRecord(organisationID) else { return nil }
        let activities = try await licensing.licensedActivities(of: organisationID)
        let certificates = try await licensing.certificates(heldBy: organisationID)
        return SharedEnterprise(organisationID: organisation.id, name: organisation.name, nameLatin: organisation.nameLatin,
                                taxCode: organisation.taxCode?.description, country: organisation.country, activities: activities,
                                certificates: certificates.map { shared($0, holderTaxCode: organisation.taxCode?.description) })
    }

    func investmentProjects(of organisationID: UUID) async throws -> [SharedProject] {
        try await licensing.investmentProjects(of: organisationID).map { project in
            SharedProject(certificateNumber: project.certificateNumber, projectName: project.projectName, sector: project.sector,
                          vsicCode: project.vsicCode, totalCapital: project.totalCapital, investorCountry: project.investorCountry,
                          issuedOn: project.issuedOn?.description)
        }
    }

    func certificate(number: String) async throws -> SharedCertificate? {
        guard let certificate = try await licensing.certificateRecord(number) else { return nil }
        let holder = try await identity.organisationRecord(certificate.organisationID)
        return shared(certificate, holderTaxCode: holder?.taxCode?.description)
    }

    func customsAggregate(of organisationID: UUID) async throws -> SharedCustomsAggregate {
        let summary = try await trade.tradeSummary(of: organisationID)
        return SharedCustomsAggregate(
            declarations: summary.declarations, byDirection: summary.byDirection, byChannel: summary.byChannel,
            value: summary.value.map { .init(direction: $0.direction, amount: $0.total.amount, currency: $0.total.currency.code) },
            topChapters: summary.topChapters.map { (chapter: $0.chapter, lines: $0.lines) })
    }

    func containerEvents(of organisationID: UUID) async throws -> [SharedContainerEvent] {
        try await trade.recentEvents(of: organisationID).map { event in
            SharedContainerEvent(container: event.container, code: event.code, eventAt: event.eventAt, location: event.location,
                                 facility: event.facility, inZone: event.inZone)
        }
    }

    private func shared(_ certificate: Certificate, holderTaxCode: String?) -> SharedCertificate {
        SharedCertificate(number: certificate.number, type: certificate.certificateType, status: certificate.status.rawValue,
                          issuedAt: certificate.issuedAt, supersededBy: certificate.supersededBy, holderTaxCode: holderTaxCode)
    }
}
