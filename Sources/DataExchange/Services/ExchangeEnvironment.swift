import FTZCore
import Foundation

/// What the exchange needs from the rest of the system: the registry's members and
/// clients (identity), and the data behind each service (licensing, trade data).
public protocol ExchangeEnvironment: Sendable {
    /// A machine client's organisation: its id, kind, code and name; nil if unknown.
    func client(_ id: UUID) async throws -> ExchangeClientInfo?
    /// The subject a query names: an enterprise by tax code, or a certificate by number.
    func subject(of subject: ExchangeCatalogue.Subject, reference: String) async throws -> ExchangeSubject?
    /// Every field of a service's records about a subject; the exchange keeps the granted ones.
    func records(service: String, subject: ExchangeSubject) async throws -> [[String: JSONValue]]
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
