import FTZCore
import Foundation
import Ledger
import Localization
import Storage

/// Machine clients (the software of investors, departments and data feeds): created by
/// administrators or by an investor for itself, listed, disabled, their tokens revoked.
public final class ClientService: IdentityComponent {
    let base: IdentityBase

    public init(base: IdentityBase) { self.base = base }

    public struct NewClient: Sendable {
        public var organisationID: UUID
        public var name: String
        public var roles: [String]
        public var scopes: [String]
        public init(organisationID: UUID, name: String, roles: [String], scopes: [String]) {
            self.organisationID = organisationID
            self.name = name
            self.roles = roles
            self.scopes = scopes
        }
    }

    /// Creates a client without an authorisation check: for bootstrap and demo set-up.
    public func insertClient(_ request: NewClient, by actor: Actor) async throws -> IssuedClientSecret {
        var validator = FieldValidator()
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        validator.check(!name.isEmpty && name.count <= 200, "/name", "required")
        let roles = IdentityValidation.parseRoles(request.roles, into: &validator)
        for (position, scope) in request.scopes.enumerated() where !Scope.known.contains(scope) {
            validator.add("/scopes/\(position)", "scope_unknown", arguments: ["value": scope])
        }
        try validator.finish()

        let now = clock.now()
        let secret = Secrets.random(prefix: "ftzs_")
        let client = MachineClient(id: UUID.v7(at: now), clientID: Secrets.random(prefix: "ftzc_", bytes: 12),
                                   organisationID: request.organisationID, name: name, roles: roles, scopes: Set(request.scopes),
                                   disabled: false, createdAt: now)
        try await database.transaction { tx in
            guard let organisation = try await self.organisations.find(request.organisationID, on: tx.sql) else {
                throw Problem.invalid("/organisationId", "organisation_unknown")
            }
            try IdentityValidation.checkRoles(roles, fit: organisation.kind, pointer: "/roles")
            try await self.clients.insert(client, secretHash: Secrets.digest(secret), on: tx.sql)
            try await self.ledger.append(IdentityEvents.clientCreated(client), by: actor, in: tx)
        }
        return IssuedClientSecret(client: client, clientSecret: secret)
    }

    public func client(_ id: UUID, by actor: Actor) async throws -> MachineClient {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard let row = try await database.read({ try await self.clients.find(id, on: $0) }),
              AccessPolicy.canSee(organisation: row.organisation_id, actor)
        else { throw Problem.notFound("client") }
        return row.model
    }

    public func clients(organisation: UUID?, page: PageRequest, by actor: Actor) async throws -> Page<MachineClient> {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let scope = AccessPolicy.listScope(actor, requested: organisation)
        if scope.empty { return Page(items: [], nextCursor: nil) }
        return try await database.read { try await self.clients.list(organisation: scope.organisation, page: page, on: $0) }
    }

    /// Revokes every live token of a machine client (e.g. after its secret leaked).
    public func revokeTokens(ofClient id: UUID, by actor: Actor) async throws -> Int {
        try actor.require(anyOf: .admin)
        let count = try await database.transaction { tx -> Int in
            guard let row = try await self.clients.find(id, on: tx.sql) else { throw Problem.notFound("client") }
            let count = try await self.tokens.revokeAll(clientID: id, at: self.clock.now(), on: tx.sql)
            try await self.ledger.append(IdentityEvents.tokensRevoked(holderType: "client", holderID: id,
                                                                      organisationID: row.organisation_id, count: count), by: actor, in: tx)
            return count
        }
        authentication.evictCached(holder: .client(id))
        return count
    }

    // MARK: - The investor's own clients

    /// Roles an investor may give its own software: its own, nothing more.
    static let selfServiceClientRoles: Set<Role> = [.investor]

    /// Administrators create any client; an investor creates clients for its own organisation,
    /// with the investor role only.
    public func createClient(_ request: NewClient, by actor: Actor) async throws -> IssuedClientSecret {
        try requirePersonOrAdministrator(actor)
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
