import FTZCore
import Foundation
import Ledger
import Localization
import Storage

/// An investor invites colleagues by e-mail; the invited person chooses a username and
/// password and joins the organisation as an investor.
extension AccountService {
    /// How long an invitation may be accepted.
    public static let invitationLifetime: TimeInterval = 7 * 24 * 3600

    /// The organisation whose people the caller manages: its own, as an investor.
    private func ownInvestorOrganisation(_ actor: Actor, _ requested: UUID) throws(Problem) -> UUID {
        try requirePersonOrAdministrator(actor)
        guard actor.has(.admin) || actor.organisationID == requested else { throw Problem.notFound("organisation") }
        return requested
    }

    /// Invites a colleague by e-mail address; the returned token goes to them, is shown once
    /// and works once, within ``invitationLifetime``.
    public func invite(email: String, to organisation: UUID, by actor: Actor) async throws -> IssuedInvitation {
        let organisation = try ownInvestorOrganisation(actor, organisation)
        var validator = FieldValidator()
        validator.check(EmailAddress.isPlausible(email), "/email", "email_format")
        try validator.finish()
        let now = clock.now()
        let token = Secrets.random(prefix: "ftzi_")
        let invitation = Invitation(id: UUID.v7(at: now), organisationID: organisation, email: email, invitedBy: actor.reference,
                                    createdAt: now, expiresAt: now.addingTimeInterval(Self.invitationLifetime))
        try await database.transaction { tx in
            guard let target = try await self.organisations.find(organisation, on: tx.sql) else { throw Problem.notFound("organisation") }
            guard target.kind == .investorEnterprise else { throw Problem.conflict("invitation_investors_only") }
            try await self.invitations.insert(invitation, tokenHash: Secrets.digest(token), on: tx.sql)
            try await self.ledger.append(IdentityEvents.invitationCreated(invitation), by: actor, in: tx)
        }
        return IssuedInvitation(invitation: invitation, token: token)
    }

    public func invitations(of organisation: UUID, page: PageRequest, by actor: Actor) async throws -> Page<Invitation> {
        let organisation = try ownInvestorOrganisation(actor, organisation)
        return try await database.read { try await self.invitations.list(organisation: organisation, page: page, on: $0) }
    }

    public func revokeInvitation(_ id: UUID, by actor: Actor) async throws -> Invitation {
        try requirePersonOrAdministrator(actor)
        return try await database.transaction { tx in
            guard var invitation = try await self.invitations.find(id, on: tx.sql),
                  actor.has(.admin) || invitation.organisationID == actor.organisationID
            else { throw Problem.notFound("invitation") }
            guard invitation.state(at: self.clock.now()) == .pending else {
                throw Problem.conflict("invitation_not_pending", arguments: ["state": invitation.state(at: self.clock.now()).rawValue])
            }
            invitation.revokedAt = self.clock.now()
            try await self.invitations.revoke(id, at: invitation.revokedAt!, on: tx.sql)
            try await self.ledger.append(IdentityEvents.invitationRevoked(invitation), by: actor, in: tx)
            return invitation
        }
    }

    /// The invited colleague chooses a username and password; the account joins the inviting
    /// organisation as an investor. An unknown, used, revoked or expired token gets the same answer.
    public func acceptInvitation(token: String, username: String, displayName: String, password: String,
                                 clientAddress: String?) async throws -> User {
        try limitSelfService(from: clientAddress)
        var validator = FieldValidator()
        validator.check(token.hasPrefix("ftzi_") && token.count < 200, "/token", "invitation_invalid")
        let draft = validated(NewUser(organisationID: UUID(), username: username, displayName: displayName, password: password,
                                      roles: [Role.investor.rawValue]), into: &validator)
        try validator.finish()
        let hash = try await hasher.hash(password)
        let now = clock.now()
        return try await database.transaction { tx in
            guard let invitation = try await self.invitations.find(tokenHash: Secrets.digest(token), on: tx.sql),
                  invitation.state(at: now) == .pending
            else { throw Problem(.unprocessable, "invitation_invalid", fieldErrors: [.init("/token", "invitation_invalid")]) }
            let user = User(id: draft!.id, organisationID: invitation.organisationID, username: draft!.username,
                            displayName: draft!.displayName, email: invitation.email, roles: draft!.roles, disabled: false,
                            createdAt: now, version: 1)
            guard try await self.invitations.accept(invitation.id, by: user.id, at: now, on: tx.sql) else {
                throw Problem(.unprocessable, "invitation_invalid", fieldErrors: [.init("/token", "invitation_invalid")])
            }
            let invitee = Actor.system("invitation:\(invitation.id.lowercasedString)")
            try await self.store(user, passwordHash: hash, by: invitee, in: tx)
            try await self.ledger.append(IdentityEvents.invitationAccepted(invitation, user: user.id), by: invitee, in: tx)
            return user
        }
    }
}
