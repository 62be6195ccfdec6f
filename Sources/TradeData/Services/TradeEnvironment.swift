import FTZCore
import Foundation

/// What trade data needs from elsewhere: which licensed enterprise a tax code belongs to.
public protocol TradeEnvironment: Sendable {
    func enterprise(taxCode: TaxCode) async throws -> LicensedEnterprise?
}

/// An enterprise of the zone with its licensed activities (VSIC codes); `activities` is
/// nil when the organisation is registered but holds no issued certificate yet.
public struct LicensedEnterprise: Sendable, Equatable {
    public let organisationID: UUID
    public let name: String
    public let activities: [String]?

    public init(organisationID: UUID, name: String, activities: [String]?) {
        self.organisationID = organisationID
        self.name = name
        self.activities = activities
    }
}
