import FTZCore
import Foundation
import Ledger

/// The ledger entries identity writes; personal data (names, usernames, e-mail) goes in
/// as a digest only.
enum IdentityEvents {
    static func organisationCreated(_ organisation: Organisation) -> LedgerEvent {
        LedgerEvent(action: "identity.organisation.created", subjectType: "organisation", subjectID: organisation.id.lowercasedString,
                    organisationID: organisation.id,
                    payload: ["kind": .string(organisation.kind.rawValue), "name": .string(organisation.name),
                              "country": .string(organisation.country), "taxCode": .optional(organisation.taxCode?.description),
                              "code": .optional(organisation.code)])
    }

    static func userCreated(_ user: User) -> LedgerEvent {
        LedgerEvent(action: "identity.user.created", subjectType: "user", subjectID: user.id.lowercasedString,
                    organisationID: user.organisationID, payload: ["roles": roles(user.roles)],
                    personalData: ["username": .string(user.username), "displayName": .string(user.displayName),
                                   "email": .optional(user.email)])
    }

    static func userUpdated(_ user: User, changed: [String]) -> LedgerEvent {
        LedgerEvent(action: "identity.user.updated", subjectType: "user", subjectID: user.id.lowercasedString,
                    organisationID: user.organisationID,
                    payload: ["roles": roles(user.roles), "disabled": .bool(user.disabled), "version": .integer(Int64(user.version)),
                              "changed": .array(changed.map(JSONValue.string))],
                    personalData: ["displayName": .string(user.displayName), "email": .optional(user.email)])
    }

    static func passwordReset(_ userID: UUID, organisationID: UUID, revokedTokens: Int) -> LedgerEvent {
        LedgerEvent(action: "identity.user.password_reset", subjectType: "user", subjectID: userID.lowercasedString,
                    organisationID: organisationID, payload: ["revokedTokens": .integer(Int64(revokedTokens))])
    }

    static func clientCreated(_ client: MachineClient) -> LedgerEvent {
        LedgerEvent(action: "identity.client.created", subjectType: "client", subjectID: client.id.lowercasedString,
                    organisationID: client.organisationID,
                    payload: ["clientId": .string(client.clientID), "name": .string(client.name), "roles": roles(client.roles),
                              "scopes": .array(client.scopes.sorted().map(JSONValue.string))])
    }

    static func tokenIssued(tokenID: UUID, holderType: String, holderID: UUID, organisationID: UUID, expiresAt: Date,
                            scopes: Set<String>) -> LedgerEvent {
        LedgerEvent(action: "identity.token.issued", subjectType: "token", subjectID: tokenID.lowercasedString,
                    organisationID: organisationID,
                    payload: ["holder": .string("\(holderType):\(holderID.lowercasedString)"),
                              "expiresAt": .integer(Int64(expiresAt.timeIntervalSince1970)),
                              "scopes": .array(scopes.sorted().map(JSONValue.string))])
    }

    static func tokenRevoked(tokenID: UUID, organisationID: UUID?, reason: String) -> LedgerEvent {
        LedgerEvent(action: "identity.token.revoked", subjectType: "token", subjectID: tokenID.lowercasedString,
                    organisationID: organisationID, payload: ["reason": .string(reason)])
    }

    static func tokensRevoked(holderType: String, holderID: UUID, organisationID: UUID, count: Int) -> LedgerEvent {
        LedgerEvent(action: "identity.tokens.revoked", subjectType: holderType, subjectID: holderID.lowercasedString,
                    organisationID: organisationID, payload: ["count": .integer(Int64(count))])
    }

    static func organisationUpdated(_ organisation: Organisation, changed: [String]) -> LedgerEvent {
        LedgerEvent(action: "identity.organisation.updated", subjectType: "organisation", subjectID: organisation.id.lowercasedString,
                    organisationID: organisation.id,
                    payload: ["changed": .array(changed.map(JSONValue.string)), "taxCode": .optional(organisation.taxCode?.description),
                              "taxCodeVerified": .bool(organisation.taxCodeVerified),
                              "preferredLanguage": .string(organisation.preferredLanguage), "version": .integer(Int64(organisation.version))])
    }

    static func invitationCreated(_ invitation: Invitation) -> LedgerEvent {
        LedgerEvent(action: "identity.invitation.created", subjectType: "invitation", subjectID: invitation.id.lowercasedString,
                    organisationID: invitation.organisationID,
                    payload: ["expiresAt": .integer(Int64(invitation.expiresAt.timeIntervalSince1970))],
                    personalData: ["email": .string(invitation.email)])
    }

    static func invitationAccepted(_ invitation: Invitation, user: UUID) -> LedgerEvent {
        LedgerEvent(action: "identity.invitation.accepted", subjectType: "invitation", subjectID: invitation.id.lowercasedString,
                    organisationID: invitation.organisationID, payload: ["user": .string(user.lowercasedString)])
    }

    static func invitationRevoked(_ invitation: Invitation) -> LedgerEvent {
        LedgerEvent(action: "identity.invitation.revoked", subjectType: "invitation", subjectID: invitation.id.lowercasedString,
                    organisationID: invitation.organisationID)
    }

    static func clientDisabled(_ client: MachineClient, revokedTokens: Int) -> LedgerEvent {
        LedgerEvent(action: "identity.client.disabled", subjectType: "client", subjectID: client.id.lowercasedString,
                    organisationID: client.organisationID, payload: ["revokedTokens": .integer(Int64(revokedTokens))])
    }

    private static func roles(_ roles: Set<Role>) -> JSONValue { .array(roles.sorted().map { .string($0.rawValue) }) }
}
