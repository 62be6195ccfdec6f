import FTZCore
import Foundation

/// Who may see what in identity. Anyone outside the zone authority sees only their own
/// organisation; an object of another organisation answers 404, as if it did not exist.
enum AccessPolicy {
    /// Roles that oversee the whole zone and may see every organisation.
    static let zoneWide = Role.zoneStaff

    static func seesAllOrganisations(_ actor: Actor) -> Bool { !actor.roles.isDisjoint(with: zoneWide) }

    static func canSee(organisation id: UUID, _ actor: Actor) -> Bool {
        seesAllOrganisations(actor) || actor.organisationID == id
    }

    /// The organisation filter to apply to a list: nil (everything) for zone-wide roles,
    /// else the caller's own, whatever they asked for.
    static func listScope(_ actor: Actor, requested: UUID?) -> (organisation: UUID?, empty: Bool) {
        if seesAllOrganisations(actor) { return (requested, false) }
        if let requested, requested != actor.organisationID { return (nil, true) }
        return (actor.organisationID, false)
    }
}
