import FTZCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Localization
import Storage

/// What an investor does for itself, without asking the zone authority: register its
/// enterprise, keep its details current, invite colleagues and run its own API clients.
extension IdentityAdministration {
    public struct Registration: Sendable {
        public var organisation: NewOrganisation
        public var username: String
        public var displayName: String
        public var email: String?
        public var password: String
        public init(organisation: NewOrganisation, username: String, displayName: String, email: String?, password: String) {
            self.organisation = organisation
            self.username = username
            self.displayName = displayName
            self.email = email
            self.password = password
        }
    }

    /// How long an invitation may be accepted.
    public static let invitationLifetime: TimeInterval = 7 * 24 * 3600

    /// Registers an investor enterprise and its first investor account in one transaction.
    /// Whatever kind is asked for, a self-registered organisation is an investor enterprise.
    public func register(_ registration: Registration, clientAddress: String?) async throws -> (Organisation, User) {
        try limitSelfService(from: clientAddress)
        var request = registration.organisation
        request.kind = .investorEnterprise
        request.code = nil
        var validator = FieldValidator()
        var organisation = validated(request, into: &validator)
        let selfSupplied = organisation?.taxCode != nil
        organisation?.taxCodeVerified = !selfSupplied
        let user = validated(NewUser(organisationID: organisation?.id ?? UUID(), username: registration.username,
                                     displayName: registration.displayName, email: registration.email, password: registration.password,
                                     roles: [Role.investor.rawValue]), into: &validator)
        try validator.finish()
        let hash = try await hasher.hash(registration.password)
        let registrar = Actor.system("self-registration")
        try await database.transaction { [organisation] tx in
            try await self.store(organisation!, by: registrar, in: tx)
            try await self.store(user!, passwordHash: hash, by: registrar, in: tx)
        }
        return (organisation!, user!)
    }

    public struct OrganisationChanges: Sendable {
        public var nameLatin: String??
        public var taxCode: String??
        public var preferredLanguage: String?
        public var parentRegistration: String??
        public init(nameLatin: String?? = nil, taxCode: String?? = nil, preferredLanguage: String? = nil, parentRegistration: String?? = nil) {
            self.nameLatin = nameLatin
            self.taxCode = taxCode
            self.preferredLanguage = preferredLanguage
            self.parentRegistration = parentRegistration
        }
    }

    /// An investor keeps its own details current (the tax code once the tax office issues
    /// it); administrators may correct any organisation. Needs the version from `If-Match`.
    public func updateOrganisation(_ id: UUID, _ changes: OrganisationChanges, expectedVersion: Int?,
                                   by actor: Actor) async throws -> Organisation {
        try Self.requirePersonOrAdministrator(actor)
        guard actor.has(.admin) || actor.organisationID == id else { throw Problem.notFound("organisation") }
        guard let expectedVersion else { throw Problem(.preconditionRequired, "if_match_required") }
        var validator = FieldValidator()
        let nameLatin = changes.nameLatin.map { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let nameLatin, let nameLatin { IdentityValidation.checkLatin(nameLatin, into: &validator) }
        let taxCode = changes.taxCode.map { text in text.flatMap { validator.parse("/taxCode", $0) { text throws(ValueError) in try TaxCode(text) } } }
        let language = IdentityValidation.language(changes.preferredLanguage, into: &validator)
        let parent = changes.parentRegistration.map { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let parent, let parent { IdentityValidation.checkRegistrationNumber(parent, into: &validator) }
        try validator.finish()

        let updated = try await database.transaction { tx -> Organisation in
            guard var organisation = try await self.organisations.find(id, on: tx.sql) else { throw Problem.notFound("organisation") }
            guard organisation.version == expectedVersion else { throw Problem.staleVersion() }
            var changed: [String] = []
            if let nameLatin { organisation.nameLatin = nameLatin; changed.append("nameLatin") }
            if let taxCode {
                // Investors may enter or correct their tax code until the authority has confirmed
                // it; an administrator setting a code (the same one, to confirm it) verifies it.
                let confirming = actor.has(.admin)
                if !confirming && organisation.taxCodeVerified && organisation.taxCode != nil {
                    guard taxCode == organisation.taxCode else {
                        throw Problem(.conflict, "tax_code_verified", fieldErrors: [.init("/taxCode", "tax_code_verified")])
                    }
                } else {
                    if taxCode != organisation.taxCode {
                        if let taxCode, try await self.organisations.taxCodeExists(taxCode, on: tx.sql) {
                            throw Problem(.conflict, "tax_code_taken", fieldErrors: [.init("/taxCode", "tax_code_taken")])
                        }
                        organisation.taxCode = taxCode
                        changed.append("taxCode")
                    }
                    if organisation.taxCodeVerified != confirming {
                        organisation.taxCodeVerified = confirming
                        changed.append("taxCodeVerified")
                    }
                }
            }
            if let language { organisation.preferredLanguage = language.rawValue; changed.append("preferredLanguage") }
            if let parent { organisation.parentRegistration = parent; changed.append("parentRegistration") }
            let updated: Bool
            do {
                updated = try await self.organisations.update(organisation, expectedVersion: expectedVersion, on: tx.sql)
            } catch where UniqueViolation.matches(error) {
                throw Problem(.conflict, "tax_code_taken", fieldErrors: [.init("/taxCode", "tax_code_taken")])
            }
            guard updated else { throw Problem.staleVersion() }
            organisation.version += 1
            try await self.ledger.append(IdentityEvents.organisationUpdated(organisation, changed: changed), by: actor, in: tx)
            return organisation
        }
        authentication.profiles.evict(organisation: id)
        return updated
    }

    /// Anonymous calls that create accounts are limited per address (429 with Retry-After).
    private func limitSelfService(from address: String?) throws(Problem) {
        if let wait = selfServiceLimiter.take(Self.network(of: address), at: clock.now()) {
            throw Problem(.tooManyRequests, "rate_limited", retryAfter: wait)
        }
    }

    /// The unit one limit applies to: an IPv4 address, or an IPv6 /64.
    static func network(of address: String?) -> String {
        guard let address else { return "unknown" }
        return IPAddress(address)?.limitKey ?? address
    }

    // MARK: Invitations

    /// The organisation whose people the caller manages: its own, as an investor.
    private func ownInvestorOrganisation(_ actor: Actor, _ requested: UUID) throws(Problem) -> UUID {
        try Self.requirePersonOrAdministrator(actor)
        guard actor.has(.admin) || actor.organisationID == requested else { throw Problem.notFound("organisation") }
        return requested
    }

    /// Who may change an enterprise's people, clients and details: its investors in person
    /// (not its software: a leaked client secret must not mint accounts or clients that
    /// outlive the client), or administrators.
    static func requirePersonOrAdministrator(_ actor: Actor) throws(Problem) {
        try actor.require(anyOf: .investor, .admin)
        if actor.has(.admin) { return }
        guard case .user = actor.principal else { throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "investor (a person)"]) }
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
        try Self.requirePersonOrAdministrator(actor)
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

    // MARK: The investor's own API clients

    /// Roles an investor may give its own software: its own, nothing more.
    static let selfServiceClientRoles: Set<Role> = [.investor]

    /// Administrators create any client; an investor creates clients for its own organisation,
    /// with the investor role only.
    public func createClient(_ request: NewClient, by actor: Actor) async throws -> IssuedClientSecret {
        try Self.requirePersonOrAdministrator(actor)
        if !actor.has(.admin) {
            guard actor.organisationID == request.organisationID else { throw Problem.invalid("/organisationId", "organisation_not_yours") }
            for (position, role) in request.roles.enumerated() where !Self.selfServiceClientRoles.contains(where: { $0.rawValue == role }) {
                throw Problem.invalid("/roles/\(position)", "role_not_self_service", arguments: ["roles": "investor"])
            }
            if !request.scopes.isEmpty { throw Problem.invalid("/scopes", "scopes_not_self_service") }
        }
        return try await insertClient(request, by: actor)
    }

    /// Disables a client and ends its tokens: administrators any, investors their own.
    public func disableClient(_ id: UUID, by actor: Actor) async throws -> MachineClient {
        try actor.require(anyOf: .admin, .investor)
        let client = try await database.transaction { tx -> MachineClient in
            guard let row = try await self.clients.find(id, on: tx.sql), actor.has(.admin) || row.organisation_id == actor.organisationID else {
                throw Problem.notFound("client")
            }
            var client = row.model
            guard !client.disabled else { return client }
            try await self.clients.setDisabled(id, true, on: tx.sql)
            let revoked = try await self.tokens.revokeAll(clientID: id, at: self.clock.now(), on: tx.sql)
            try await self.ledger.append(IdentityEvents.clientDisabled(client, revokedTokens: revoked), by: actor, in: tx)
            client.disabled = true
            return client
        }
        authentication.evictCached(holder: .client(id))
        return client
    }
}
