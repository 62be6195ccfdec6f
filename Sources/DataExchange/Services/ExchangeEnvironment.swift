import FTZCore
import Foundation

/// What the exchange needs from the rest of the system: the registry's members and
/// clients (identity), and the data behind each service (licensing, trade data).
public protocol ExchangeEnvironment: Sendable {
    /// A machine client's organisation: its id, kind, code and name; nil if unknown.
    func client(_ id: UUID) async throws -> ExchangeClientInfo?
    /// The subject a query names: an enterprise by tax code, or a certificate by number.
    func subject(of subject: ExchangeCatalogue.Subject, reference: String) async throws -> ExchangeSubject?
    // The records behind the shared services, complete; the exchange keeps the fields the
    // catalogue offers and the grant allows.
    func enterprise(_ organisationID: UUID) async throws -> SharedEnterprise?
    func investmentProjects(of organisationID: UUID) async throws -> [SharedProject]
    func certificate(number: String) async throws -> SharedCertificate?
    func customsAggregate(of organisationID: UUID) async throws -> SharedCustomsAggregate
    func containerEvents(of organisationID: UUID) async throws -> [SharedContainerEvent]
}

public struct ExchangeClientInfo: Sendable, Equatable {
    public let organisationID: UUID
    public let organisationKind: OrganisationKind
    public let organisationCode: String?
    public let organisationName: String

    public init(organisationID: UUID, organisationKind: OrganisationKind, organisationCode: String?, organisationName: String) {
        self.organisationID = organisationID
        self.organisationKind = organisationKind
        self.organisationCode = organisationCode
        self.organisationName = organisationName
    }
}
