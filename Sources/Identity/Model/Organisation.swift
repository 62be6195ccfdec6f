import FTZCore
import Foundation

/// A legal body known to the zone: the authority itself, a sister department, an
/// investor enterprise, customs, or a terminal or logistics operator.
public struct Organisation: Sendable, Equatable {
    public let id: UUID
    public var kind: OrganisationKind
    /// The name in its original script (e.g. 海防自由贸易区有限公司).
    public var name: String
    /// The name in Latin letters, for documents and search.
    public var nameLatin: String?
    /// ISO 3166-1 alpha-2 country of registration.
    public var country: String
    public var taxCode: TaxCode?
    /// False while a tax code the investor entered itself awaits the authority's confirmation;
    /// until then no customs, logistics or shared data is linked to the organisation by it.
    public var taxCodeVerified: Bool
    public var preferredLanguage: String
    /// A short stable code for departments the zone's procedures consult (`DOC`, `POLICE`).
    public var code: String?
    /// For a foreign-invested enterprise, the parent company's number in its home register.
    public var parentRegistration: String?
    public let createdAt: Date
    public var version: Int

    public init(id: UUID, kind: OrganisationKind, name: String, nameLatin: String?, country: String, taxCode: TaxCode?,
                preferredLanguage: String, code: String? = nil, parentRegistration: String? = nil, taxCodeVerified: Bool = true,
                createdAt: Date, version: Int) {
        self.taxCodeVerified = taxCodeVerified
        self.parentRegistration = parentRegistration
        self.id = id
        self.kind = kind
        self.name = name
        self.nameLatin = nameLatin
        self.country = country
        self.taxCode = taxCode
        self.preferredLanguage = preferredLanguage
        self.code = code
        self.createdAt = createdAt
        self.version = version
    }
}
