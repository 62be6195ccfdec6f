import FTZCore
import Foundation

/// Where a shared service's records come from. The zone names its services, their owners
/// and the fields each offers in `exchange.yaml`; the source says which records back the
/// service and which fields exist at all, so a catalogue that offers a field no record has
/// is refused when it loads rather than answering without it.
public enum RecordSource: String, Sendable, Decodable, CaseIterable {
    case enterpriseRegister = "enterprise-register"
    case investmentProjects = "investment-projects"
    case certificateValidity = "certificate-validity"
    case customsAggregates = "customs-aggregates"
    case containerEvents = "container-events"

    /// What a query about this source names.
    public var subject: ExchangeCatalogue.Subject {
        self == .certificateValidity ? .certificate : .enterprise
    }

    /// Every field this source's records carry, in the order answers list them.
    public var fields: [String] {
        switch self {
        case .enterpriseRegister: ["organisationId", "name", "nameLatin", "taxCode", "country", "licensed", "activities", "certificates"]
        case .investmentProjects: ["certificateNumber", "projectName", "sector", "vsicCode", "totalCapital", "investorCountry", "issuedOn"]
        case .certificateValidity: ["number", "type", "status", "issuedAt", "supersededBy", "holderTaxCode"]
        case .customsAggregates: ["declarations", "byDirection", "byChannel", "value", "topChapters"]
        case .containerEvents: ["container", "code", "eventAt", "location", "facility", "inZone"]
        }
    }

    /// The records about a subject, every field of them.
    func records(about subject: ExchangeSubject, from environment: any ExchangeEnvironment) async throws -> [[String: JSONValue]] {
        switch self {
        case .certificateValidity:
            return try await environment.certificate(number: subject.reference).map { [Self.fields(of: $0, withHolder: true)] } ?? []
        case .enterpriseRegister:
            guard let organisationID = subject.organisationID, let enterprise = try await environment.enterprise(organisationID) else { return [] }
            return [Self.fields(of: enterprise)]
        case .investmentProjects:
            guard let organisationID = subject.organisationID else { return [] }
            return try await environment.investmentProjects(of: organisationID).map(Self.fields(of:))
        case .customsAggregates:
            guard let organisationID = subject.organisationID else { return [] }
            return [Self.fields(of: try await environment.customsAggregate(of: organisationID))]
        case .containerEvents:
            guard let organisationID = subject.organisationID else { return [] }
            return try await environment.containerEvents(of: organisationID).map(Self.fields(of:))
        }
    }

    static func fields(of enterprise: SharedEnterprise) -> [String: JSONValue] {
        ["organisationId": .string(enterprise.organisationID.lowercasedString), "name": .string(enterprise.name),
         "nameLatin": .optional(enterprise.nameLatin), "taxCode": .optional(enterprise.taxCode), "country": .string(enterprise.country),
         "licensed": .bool(enterprise.activities != nil), "activities": .array((enterprise.activities ?? []).map(JSONValue.string)),
         "certificates": .array(enterprise.certificates.map { .object(fields(of: $0, withHolder: false)) })]
    }

    /// A certificate listed inside its holder's register entry leaves out what the entry
    /// already says (the holder) and what only a validity check needs (its successor).
    static func fields(of certificate: SharedCertificate, withHolder: Bool) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["number": .string(certificate.number), "type": .string(certificate.type),
                                           "status": .string(certificate.status), "issuedAt": .string(RFC3339.format(certificate.issuedAt))]
        if withHolder {
            fields["supersededBy"] = .optional(certificate.supersededBy)
            fields["holderTaxCode"] = .optional(certificate.holderTaxCode)
        }
        return fields
    }

    static func fields(of project: SharedProject) -> [String: JSONValue] {
        ["certificateNumber": .optional(project.certificateNumber), "projectName": .optional(project.projectName),
         "sector": .optional(project.sector), "vsicCode": .optional(project.vsicCode), "totalCapital": project.totalCapital ?? .null,
         "investorCountry": .optional(project.investorCountry), "issuedOn": .optional(project.issuedOn)]
    }

    static func fields(of aggregate: SharedCustomsAggregate) -> [String: JSONValue] {
        ["declarations": .integer(Int64(aggregate.declarations)),
         "byDirection": .object(aggregate.byDirection.mapValues { .integer(Int64($0)) }),
         "byChannel": .object(aggregate.byChannel.mapValues { .integer(Int64($0)) }),
         "value": .array(aggregate.value.map { ["direction": .string($0.direction), "amount": .string($0.amount), "currency": .string($0.currency)] }),
         "topChapters": .array(aggregate.topChapters.map { ["chapter": .integer(Int64($0.chapter)), "lines": .integer(Int64($0.lines))] })]
    }

    static func fields(of event: SharedContainerEvent) -> [String: JSONValue] {
        ["container": .optional(event.container), "code": .string(event.code), "eventAt": .string(RFC3339.format(event.eventAt)),
         "location": .optional(event.location), "facility": .optional(event.facility), "inZone": .bool(event.inZone)]
    }
}
