import FTZCore
import Foundation
import Identity
import Licensing
import TradeData

/// Trade data's view of enterprises: the organisation registered under a tax code
/// (identity) and the activities its issued certificates license (licensing).
struct LiveTradeEnvironment: TradeEnvironment {
    let identity: IdentityDirectory
    let licensing: LicensingService

    func enterprise(taxCode: TaxCode) async throws -> LicensedEnterprise? {
        guard let organisation = try await identity.organisation(taxCode: taxCode), organisation.kind == .investorEnterprise else { return nil }
        return LicensedEnterprise(organisationID: organisation.id, name: organisation.name,
                                  activities: try await licensing.licensedActivities(of: organisation.id))
    }
}
