import FTZCore
import Foundation
import Ledger
import Localization
import Storage

/// People's accounts: created by administrators (or by accepting an invitation), changed,
/// given new passwords, signed out everywhere; and the caller's own profile.
public final class AccountService: IdentityComponent {
    let base: IdentityBase

    public init(base: IdentityBase) { self.base = base }

    public struct NewUser: Sendable {
        public var organisationID: UUID
        public var username: String
        public var displayName: String
        public var email: String?
        public var password: String
        public var roles: [String]
        public init(organisationID: UUID, username: String, displayName: String, email: String? = nil, password: String,
                    roles: [String]) {
            self.organisationID = organisationID
            self.username = username
            self.displayName = displayName
            self.email = email
            self.password = password
            self.roles = roles
        }
    }

    public func createUser(_ request: NewUser, by actor: Actor) async throws -> User {
        try actor.require(anyOf: .admin)
        return try await insertUser(request, by: actor)
    }

    /// Creates an account without an authorisation check: for bootstrap and demo set-up.
    public func insertUser(_ request: NewUser, by actor: Actor) async throws -> User {
        var validator = FieldValidator()
        let user = validated(request, into: &validator)
        try validator.finish()
        let hash = try await hasher.hash(request.password)
        return try await database.transaction { tx in
            try await self.store(user!, passwordHash: hash, by: actor, in: tx)
            return user!
        }
    }

    /// The account a request describes (password not yet hashed), or nil with the reasons in `validator`.
    func validated(_ request: NewUser, into validator: inout FieldValidator) -> User? {
        let before = validator.errors.count
        let username = request.username.trimmingCharacters(in: .whitespaces).lowercased()
        validator.check(IdentityValidation.isValidUsername(username), "/username", "username_format")
        let displayName = request.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        validator.check(!displayName.isEmpty && displayName.count <= 200, "/displayName", "required")
        IdentityValidation.checkPrintable(displayName, "/displayName", into: &validator)
        if let email = request.email { validator.check(EmailAddress.isPlausible(email), "/email", "email_format") }
        IdentityValidation.checkPassword(request.password, pointer: "/password", into: &validator)
        let roles = IdentityValidation.parseRoles(request.roles, into: &validator)
        guard validator.errors.count == before else { return nil }
        let now = clock.now()
        return User(id: UUID.v7(at: now), organisationID: request.organisationID, username: username, displayName: displayName,
                    email: request.email, roles: roles, disabled: false, createdAt: now, version: 1)
    }

    /// Inserts a validated account in the caller's transaction: its organisation must exist and
    /// suit its roles, and the username must be free.
    func store(_ user: User, passwordHash hash: String, by actor: Actor, in tx: Transaction) async throws {
        guard let organisation = try await organisations.find(user.organisationID, on: tx.sql) else {
            throw Problem.invalid("/organisationId", "organisation_unknown")
        }
        try IdentityValidation.checkRoles(user.roles, fit: organisation.kind, pointer: "/roles")
        if try await users.find(username: user.username, on: tx.sql) != nil {
            throw Problem(.conflict, "username_taken", fieldErrors: [.init("/username", "username_taken")])
        }
        do {
            try await users.insert(user, passwordHash: hash, on: tx.sql)
        } catch where UniqueViolation.matches(error) {
            throw Problem(.conflict, "username_taken", fieldErrors: [.init("/username", "username_taken")])  // taken by a concurrent request
        }
        try await ledger.append(IdentityEvents.userCreated(user), by: actor, in: tx)
    }

    public func user(_ id: UUID, by actor: Actor) async throws -> User {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard let row = try await database.read({ try await self.users.find(id, on: $0) }),
              AccessPolicy.canSee(organisation: row.organisation_id, actor)
        else { throw Problem.notFound("user") }
        return row.model
    }

    public func users(organisation: UUID?, page: PageRequest, by actor: Actor) async throws -> Page<User> {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let scope = AccessPolicy.listScope(actor, requested: organisation)
        if scope.empty { return Page(items: [], nextCursor: nil) }
        return try await database.read { try await self.users.list(organisation: scope.organisation, page: page, on: $0) }
    }

    public struct UserChanges: Sendable {
        public var displayName: String?
        public var email: String??
        public var roles: [String]?
        public var disabled: Bool?
        public init(displayName: String? = nil, email: String?? = nil, roles: [String]? = nil, disabled: Bool? = nil) {
            self.displayName = displayName
            self.email = email
            self.roles = roles
            self.disabled = disabled
        }
    }

    /// Applies changes if `expectedVersion` is still current (412 when someone changed the
    /// user meanwhile).
    public func updateUser(_ id: UUID, _ changes: UserChanges, expectedVersion: Int, by actor: Actor) async throws -> User {
        try actor.require(anyOf: .admin)
        var validator = FieldValidator()
        let parsedRoles = changes.roles.map { IdentityValidation.parseRoles($0, into: &validator) }
        if let name = changes.displayName {
            validator.check(!name.trimmingCharacters(in: .whitespaces).isEmpty && name.count <= 200, "/displayName", "required")
        }
        if let email = changes.email, let email { validator.check(EmailAddress.isPlausible(email), "/email", "email_format") }
        try validator.finish()

        let updated = try await database.transaction { tx -> User in
            guard let row = try await self.users.find(id, on: tx.sql) else { throw Problem.notFound("user") }
            var user = row.model
            guard user.version == expectedVersion else { throw Problem.staleVersion() }
            var changed: [String] = []
            if let name = changes.displayName { user.displayName = name.trimmingCharacters(in: .whitespaces); changed.append("displayName") }
            if let email = changes.email { user.email = email; changed.append("email") }
            if let parsedRoles {
                guard let organisation = try await self.organisations.find(user.organisationID, on: tx.sql) else {
                    throw Problem.notFound("organisation")
                }
                try IdentityValidation.checkRoles(parsedRoles, fit: organisation.kind, pointer: "/roles")
                user.roles = parsedRoles
                changed.append("roles")
            }
            if let disabled = changes.disabled { user.disabled = disabled; changed.append("disabled") }
            guard try await self.users.update(user, expectedVersion: expectedVersion, on: tx.sql) else { throw Problem.staleVersion() }
            user.version += 1
            try await self.ledger.append(IdentityEvents.userUpdated(user, changed: changed), by: actor, in: tx)
            return user
        }
        // Roles or a disabled flag must bite at once, not when the cached token expires.
        authentication.evictCached(holder: .user(id))
        return updated
    }

    /// Sets a new password and revokes every session of the account.
    public func resetPassword(_ id: UUID, newPassword: String, by actor: Actor) async throws {
        try actor.require(anyOf: .admin)
        var validator = FieldValidator()
        IdentityValidation.checkPassword(newPassword, pointer: "/password", into: &validator)
        try validator.finish()
        let hash = try await hasher.hash(newPassword)
        try await database.transaction { tx in
            guard let row = try await self.users.find(id, on: tx.sql) else { throw Problem.notFound("user") }
            try await self.users.setPassword(id, hash: hash, on: tx.sql)
            let revoked = try await self.tokens.revokeAll(userID: id, at: self.clock.now(), on: tx.sql)
            try await self.ledger.append(IdentityEvents.passwordReset(id, organisationID: row.organisation_id, revokedTokens: revoked),
                                         by: actor, in: tx)
        }
        authentication.evictCached(holder: .user(id))
    }

    /// Revokes every live token of a user. Administrators may do it to anyone; a user to themself.
    public func revokeTokens(ofUser id: UUID, by actor: Actor) async throws -> Int {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let isSelf = actor.principal == .user(id)
        if !isSelf { try actor.require(anyOf: .admin) }
        let count = try await database.transaction { tx -> Int in
            guard let row = try await self.users.find(id, on: tx.sql) else { throw Problem.notFound("user") }
            let count = try await self.tokens.revokeAll(userID: id, at: self.clock.now(), on: tx.sql)
            try await self.ledger.append(IdentityEvents.tokensRevoked(holderType: "user", holderID: id, organisationID: row.organisation_id,
                                                                      count: count), by: actor, in: tx)
            return count
        }
        authentication.evictCached(holder: .user(id))
        return count
    }

    // MARK: - Who am I

    /// The caller's own account and organisation. Served from memory for a few seconds
    /// (like the token it comes with), since every client asks for it again and again.
    public func profile(of actor: Actor) async throws -> Profile {
        guard let organisationID = actor.organisationID else { throw Problem.unauthenticated() }
        let now = clock.now()
        if let cached = authentication.profiles.lookup(actor.principal, now: now) { return cached }
        let profile = try await database.read { sql in
            guard let organisation = try await self.organisations.find(organisationID, on: sql) else { throw Problem.unauthenticated() }
            switch actor.principal {
            case .user(let id):
                return Profile(user: try await self.users.find(id, on: sql)?.model, client: nil, organisation: organisation)
            case .client(let id):
                return Profile(user: nil, client: try await self.clients.find(id, on: sql)?.model, organisation: organisation)
            case .anonymous, .system:
                throw Problem.unauthenticated()
            }
        }
        authentication.profiles.store(profile, for: actor.principal, now: now)
        return profile
    }
}
