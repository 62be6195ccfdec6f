import FTZCore
import Foundation
import Ledger
import Localization
import Logging
import Storage

/// Organisations, accounts and machine clients: created by administrators, read by
/// whoever may see them.
public final class IdentityAdministration: Sendable {
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    let hasher: PasswordHasher
    let authentication: AuthenticationService
    let organisations = OrganisationRepository()
    let users = UserRepository()
    let clients = ClientRepository()
    let tokens = TokenRepository()
    let invitations = InvitationRepository()
    /// Anonymous self-service (registration, accepting an invitation), per client address.
    let selfServiceLimiter: RateLimiter<String>

    public init(database: Database, ledger: Ledger, clock: any WallClock, authentication: AuthenticationService) {
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.hasher = authentication.hasher
        self.authentication = authentication
        let perHour = authentication.configuration.selfServicePerHour
        selfServiceLimiter = RateLimiter(perSecond: perHour / 3600, burst: max(1, perHour))
    }

    // MARK: - Organisations

    public struct NewOrganisation: Sendable {
        public var kind: OrganisationKind
        public var name: String
        public var nameLatin: String?
        public var country: String
        public var taxCode: String?
        public var preferredLanguage: String?
        public var code: String?
        /// The foreign parent company's registration number in its home register.
        public var parentRegistration: String?
        public init(kind: OrganisationKind, name: String, nameLatin: String? = nil, country: String, taxCode: String? = nil,
                    preferredLanguage: String? = nil, code: String? = nil, parentRegistration: String? = nil) {
            self.parentRegistration = parentRegistration
            self.kind = kind
            self.name = name
            self.nameLatin = nameLatin
            self.country = country
            self.taxCode = taxCode
            self.preferredLanguage = preferredLanguage
            self.code = code
        }
    }

    public func createOrganisation(_ request: NewOrganisation, by actor: Actor) async throws -> Organisation {
        try actor.require(anyOf: .admin)
        return try await insertOrganisation(request, by: actor)
    }

    /// Creates an organisation without an authorisation check: for bootstrap and demo set-up.
    public func insertOrganisation(_ request: NewOrganisation, by actor: Actor) async throws -> Organisation {
        var validator = FieldValidator()
        let organisation = validated(request, into: &validator)
        try validator.finish()
        return try await database.transaction { tx in
            try await self.store(organisation!, by: actor, in: tx)
            return organisation!
        }
    }

    /// The organisation a request describes, or nil with the reasons added to `validator`.
    func validated(_ request: NewOrganisation, into validator: inout FieldValidator) -> Organisation? {
        let before = validator.errors.count
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        validator.check(!name.isEmpty, "/name", "required")
        validator.check(name.schemaLength <= 300, "/name", "too_long", arguments: ["max": "300"])
        let nameLatin = request.nameLatin?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let nameLatin { IdentityValidation.checkLatin(nameLatin, into: &validator) }
        let country = request.country.uppercased()
        validator.check(CountryCode.isAssigned(country), "/country", "country_code")
        let taxCode = validator.parse("/taxCode", request.taxCode, required: false) { text throws(ValueError) in try TaxCode(text) }
        let language = IdentityValidation.language(request.preferredLanguage, into: &validator)
        IdentityValidation.checkPrintable(name, "/name", into: &validator)
        if let code = request.code {
            validator.check(code.range(of: "^[A-Z][A-Z0-9-]{1,31}$", options: .regularExpression) != nil, "/code", "organisation_code_format")
        }
        let parent = request.parentRegistration?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let parent { IdentityValidation.checkRegistrationNumber(parent, into: &validator) }
        guard validator.errors.count == before else { return nil }
        return Organisation(id: UUID.v7(at: clock.now()), kind: request.kind, name: name, nameLatin: nameLatin, country: country,
                            taxCode: taxCode, preferredLanguage: (language ?? .default).rawValue, code: request.code,
                            parentRegistration: parent, createdAt: clock.now(), version: 1)
    }

    /// Inserts a validated organisation in the caller's transaction (tax codes and codes are unique).
    func store(_ organisation: Organisation, by actor: Actor, in tx: Transaction) async throws {
        if let taxCode = organisation.taxCode, try await organisations.taxCodeExists(taxCode, on: tx.sql) {
            throw Problem(.conflict, "tax_code_taken", fieldErrors: [.init("/taxCode", "tax_code_taken")])
        }
        if let code = organisation.code, try await organisations.codeExists(code, on: tx.sql) {
            throw Problem(.conflict, "organisation_code_taken", fieldErrors: [.init("/code", "organisation_code_taken")])
        }
        do {
            try await organisations.insert(organisation, on: tx.sql)
        } catch where UniqueViolation.matches(error) {
            // Another request took the tax code (or code) between the check and the insert.
            throw organisation.taxCode != nil
                ? Problem(.conflict, "tax_code_taken", fieldErrors: [.init("/taxCode", "tax_code_taken")])
                : Problem(.conflict, "organisation_code_taken", fieldErrors: [.init("/code", "organisation_code_taken")])
        }
        try await ledger.append(IdentityEvents.organisationCreated(organisation), by: actor, in: tx)
    }

    public func organisation(_ id: UUID, by actor: Actor) async throws -> Organisation {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard AccessPolicy.canSee(organisation: id, actor),
              let organisation = try await database.read({ try await self.organisations.find(id, on: $0) })
        else { throw Problem.notFound("organisation") }
        return organisation
    }

    public func organisations(kind: OrganisationKind?, page: PageRequest, by actor: Actor) async throws -> Page<Organisation> {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let scope = AccessPolicy.listScope(actor, requested: nil)
        return try await database.read { try await self.organisations.list(kind: kind, only: scope.organisation, page: page, on: $0) }
    }

    /// Whether a user is an enabled officer or approver of the zone authority (to whom
    /// dossiers may be assigned).
    public func isZoneOfficer(_ id: UUID) async throws -> Bool {
        try await database.read { sql in
            guard let row = try await self.users.find(id, on: sql), !row.disabled,
                  !RoleList.decode(row.roles).isDisjoint(with: [.ezaOfficer, .ezaApprover]),
                  let organisation = try await self.organisations.find(row.organisation_id, on: sql)
            else { return false }
            return organisation.kind == .zoneAuthority
        }
    }

    /// Any organisation by id, without an authorisation check: for other capabilities' lookups.
    public func organisationRecord(_ id: UUID) async throws -> Organisation? {
        try await database.read { try await self.organisations.find(id, on: $0) }
    }

    /// The organisation registered under a department code, for routing consultations.
    public func organisation(code: String) async throws -> Organisation? {
        try await database.read { try await self.organisations.find(code: code, on: $0) }
    }

    /// The organisation registered under a tax code, for linking trade data to enterprises.
    public func organisation(taxCode: TaxCode) async throws -> Organisation? {
        try await database.read { try await self.organisations.find(taxCode: taxCode, on: $0) }
    }

    // MARK: - Users

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

    /// Applies changes if `expectedVersion` (from `If-Match`) is still current: 428 without
    /// it, 412 when someone changed the user meanwhile.
    public func updateUser(_ id: UUID, _ changes: UserChanges, expectedVersion: Int?, by actor: Actor) async throws -> User {
        try actor.require(anyOf: .admin)
        guard let expectedVersion else { throw Problem(.preconditionRequired, "if_match_required") }
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

    // MARK: - Machine clients

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

    /// Any client by id, without an authorisation check: for other capabilities' lookups.
    public func clientRecord(_ id: UUID) async throws -> MachineClient? {
        try await database.read { try await self.clients.find(id, on: $0) }?.model
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
