import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Identity

/// Identity domain values ⇄ generated API types.
enum IdentityMapping {
    static func organisation(_ organisation: Organisation) -> Components.Schemas.Organisation {
        .init(id: organisation.id.lowercasedString, kind: Components.Schemas.OrganisationKind(organisation.kind),
              name: organisation.name, nameLatin: organisation.nameLatin, country: organisation.country,
              taxCode: organisation.taxCode?.description, preferredLanguage: organisation.preferredLanguage, code: organisation.code,
              parentRegistration: organisation.parentRegistration,
              taxCodeVerified: organisation.taxCode == nil ? nil : organisation.taxCodeVerified, createdAt: organisation.createdAt,
              version: organisation.version)
    }

    static func invitation(_ invitation: Invitation, now: Date, token: String? = nil) -> Components.Schemas.Invitation {
        .init(id: invitation.id.lowercasedString, organisationId: invitation.organisationID.lowercasedString, email: invitation.email,
              state: .init(invitation.state(at: now)), createdAt: invitation.createdAt, expiresAt: invitation.expiresAt,
              acceptedAt: invitation.acceptedAt, token: token)
    }

    static func user(_ user: User) -> Components.Schemas.User {
        .init(id: user.id.lowercasedString, organisationId: user.organisationID.lowercasedString, username: user.username,
              displayName: user.displayName, email: user.email, roles: roles(user.roles), disabled: user.disabled,
              createdAt: user.createdAt)
    }

    static func client(_ client: MachineClient) -> Components.Schemas.Client {
        .init(id: client.id.lowercasedString, clientId: client.clientID, organisationId: client.organisationID.lowercasedString,
              name: client.name, roles: roles(client.roles), scopes: client.scopes.sorted(), disabled: client.disabled,
              createdAt: client.createdAt)
    }

    static func roles(_ roles: Set<Role>) -> [Components.Schemas.Role] {
        roles.sorted().compactMap { Components.Schemas.Role(rawValue: $0.rawValue) }
    }
}
