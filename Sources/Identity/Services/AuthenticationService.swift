import FTZCore
import Foundation
import Ledger
import Logging
import Storage

/// Logging in and out, machine-client tokens, and turning a presented bearer token back
/// into an ``Actor``.
public final class AuthenticationService: Sendable {
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    let hasher: PasswordHasher
    public let configuration: IdentityConfiguration
    let throttle: LoginThrottle
    let cache: TokenCache
    let profiles: ProfileCache
    let logger: Logger
    /// A bcrypt hash nobody knows the password of, computed once.
    private let decoy: DecoyHash
    private let users = UserRepository()
    private let clients = ClientRepository()
    private let tokens = TokenRepository()
    private let organisations = OrganisationRepository()

    public init(database: Database, ledger: Ledger, clock: any WallClock, configuration: IdentityConfiguration, logger: Logger) {
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.hasher = PasswordHasher(cost: configuration.bcryptCost)
        self.configuration = configuration
        self.throttle = LoginThrottle(configuration: configuration)
        self.cache = TokenCache(lifetime: configuration.tokenCacheLifetime)
        self.profiles = ProfileCache(lifetime: configuration.tokenCacheLifetime)
        self.logger = logger
        self.decoy = DecoyHash(hasher: hasher)
    }

    // MARK: - Password login

    /// Exchanges a username and password for a bearer token.
    ///
    /// Every failure answers the same 401 whether or not the account exists, after the
    /// same bcrypt work; repeated failures lock the account name and the client address
    /// (429 with `Retry-After`), also alike for existing and unknown names.
    public func login(username rawUsername: String, password: String, clientAddress: String?) async throws -> IssuedToken {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        var validator = FieldValidator()
        validator.check(!username.isEmpty, "/username", "required")
        validator.check(!password.isEmpty, "/password", "required")
        try validator.finish()

        let keys = LoginThrottle.keys(username: username, address: clientAddress)
        let now = clock.now()
        let state = try await database.read { try await ThrottleRepository().find(keys: keys, on: $0) }
        if let wait = throttle.lockedFor(state, now: now) {
            logger.notice("login refused while locked", metadata: ["retry_after": "\(wait)"])
            throw Problem(.tooManyRequests, "login_locked", retryAfter: wait)
        }
        // Count the attempt before checking it, under the counters' row locks, so guesses
        // sent in parallel each count and those past the limit do no bcrypt work.
        let wait: Int? = try await database.transaction { tx in
            var counted: [ThrottleRepository.Row] = []
            for key in keys {
                let current = try await ThrottleRepository().lockedCounter(key: key, now: now, on: tx)
                guard let next = self.throttle.countAttempt(current, now: now) else { return self.throttle.lockedFor([current], now: now) }
                counted.append(next)
            }
            for row in counted { try await ThrottleRepository().save(row, on: tx) }
            return nil
        }
        if let wait {
            logger.notice("login refused while locked", metadata: ["retry_after": "\(wait)"])
            throw Problem(.tooManyRequests, "login_locked", retryAfter: wait)
        }

        let row = try await database.read { try await self.users.find(username: username, on: $0) }
        let passwordMatches: Bool
        if let row {
            passwordMatches = try await hasher.verify(password, against: row.password_hash)
        } else {
            _ = try await hasher.verify(password, against: try await decoy.value)
            passwordMatches = false
        }
        guard let row, passwordMatches, !row.disabled else {
            logger.info("login failed", metadata: ["reason": "\(row == nil ? "unknown account" : row!.disabled ? "disabled" : "password")"])
            throw Problem(.unauthorized, "invalid_credentials")
        }

        let user = row.model
        return try await database.transaction { tx in
            try await ThrottleRepository().clear(key: keys[0], on: tx)
            for key in keys.dropFirst() { try await ThrottleRepository().uncount(key: key, on: tx) }
            return try await self.issue(userID: user.id, clientID: nil, organisationID: user.organisationID, scopes: [],
                                        lifetime: self.configuration.userTokenLifetime, in: tx)
        }
    }

    /// Deletes login counters that no longer decide anything (their window closed and no
    /// lock is in force): every address or name ever tried once kept a row for good.
    public func purgeSpentLoginCounters() async throws -> Int {
        let now = clock.now()
        return try await database.transaction { tx in
            try await ThrottleRepository().purgeSpent(windowStartedBefore: now - self.configuration.failureWindow, now: now, on: tx)
        }
    }

    // MARK: - Client credentials (RFC 6749 §4.4)

    /// Issues a token to a machine client; `requestedScopes` must be a subset of its grant.
    public func clientCredentials(clientID: String, clientSecret: String, requestedScopes: Set<String>?) async throws -> IssuedToken {
        let row = try await database.read { try await self.clients.find(clientID: clientID, on: $0) }
        guard let row, !row.disabled, Secrets.constantTimeEquals(row.secret_hash, Secrets.digest(clientSecret)) else {
            logger.info("client authentication failed", metadata: ["client_id": "\(clientID)"])
            throw Problem(.unauthorized, "invalid_client")
        }
        let client = row.model
        let scopes = requestedScopes ?? client.scopes
        let unknown = scopes.subtracting(client.scopes)
        guard unknown.isEmpty else {
            throw Problem(.badRequest, "invalid_scope", arguments: ["scopes": unknown.sorted().joined(separator: " ")],
                          fieldErrors: [.init("/scope", "scope_not_granted", arguments: ["scopes": unknown.sorted().joined(separator: " ")])])
        }
        return try await database.transaction { tx in
            try await self.issue(userID: nil, clientID: client.id, organisationID: client.organisationID, scopes: scopes,
                                 lifetime: self.configuration.clientTokenLifetime, in: tx)
        }
    }

    private func issue(userID: UUID?, clientID: UUID?, organisationID: UUID, scopes: Set<String>, lifetime: TimeInterval,
                       in tx: Transaction) async throws -> IssuedToken {
        let now = clock.now()
        let secret = Secrets.random(prefix: "ftz_")
        let tokenID = UUID.v7(at: now)
        let expiresAt = now + lifetime
        try await tokens.insert(id: tokenID, digest: Secrets.digest(secret), userID: userID, clientID: clientID, scopes: scopes,
                                issuedAt: now, expiresAt: expiresAt, on: tx.sql)
        let holder = userID.map { ("user", $0) } ?? ("client", clientID!)
        try await ledger.append(IdentityEvents.tokenIssued(tokenID: tokenID, holderType: holder.0, holderID: holder.1,
                                                           organisationID: organisationID, expiresAt: expiresAt, scopes: scopes),
                                by: userID.map { Actor(principal: .user($0), organisationID: organisationID, organisationKind: nil, roles: []) }
                                    ?? Actor(principal: .client(clientID!), organisationID: organisationID, organisationKind: nil, roles: []),
                                in: tx)
        return IssuedToken(tokenID: tokenID, accessToken: secret, expiresAt: expiresAt, expiresIn: Int(lifetime), scopes: scopes)
    }

    // MARK: - Bearer tokens

    /// The actor a bearer token stands for: 401 if it is unknown, expired, revoked, or its
    /// holder was disabled.
    public func authenticate(bearer token: String) async throws -> Actor {
        let digest = Secrets.digest(token)
        let now = clock.now()
        if let actor = cache.lookup(digest, now: now) { return actor }
        guard let resolved = try await database.read({ try await self.tokens.resolve(digest: digest, on: $0) }) else {
            throw Problem(.unauthorized, "token_invalid")
        }
        if resolved.revoked_at != nil { throw Problem(.unauthorized, "token_revoked") }
        if resolved.expires_at <= now { throw Problem(.unauthorized, "token_expired") }
        if resolved.holder_disabled { throw Problem(.unauthorized, "token_invalid") }
        let principal: Actor.Principal = resolved.user_id.map(Actor.Principal.user) ?? .client(resolved.client_id!)
        let actor = Actor(principal: principal, organisationID: resolved.organisation_id,
                          organisationKind: OrganisationKind(rawValue: resolved.organisation_kind),
                          roles: RoleList.decode(resolved.holder_roles), scopes: ScopeList.decode(resolved.scopes),
                          tokenID: resolved.token_id)
        cache.store(digest, actor: actor, tokenExpiresAt: resolved.expires_at, now: now)
        return actor
    }

    /// Revokes the token the actor presented.
    public func logout(_ actor: Actor) async throws {
        guard let tokenID = actor.tokenID else { throw Problem.unauthenticated() }
        try await database.transaction { tx in
            if try await self.tokens.revoke(id: tokenID, at: self.clock.now(), on: tx.sql) {
                try await self.ledger.append(IdentityEvents.tokenRevoked(tokenID: tokenID, organisationID: actor.organisationID,
                                                                         reason: "logout"), by: actor, in: tx)
            }
            tx.afterCommit { self.cache.evict { $0.tokenID == tokenID } }
        }
    }

    /// Forgets cached tokens of a holder whose tokens were revoked or who was changed.
    func evictCached(holder principal: Actor.Principal) {
        cache.evict { $0.principal == principal }
        profiles.evict(principal)
    }
}

/// Computes the decoy hash lazily, once, off the request path of the first login.
final class DecoyHash: Sendable {
    private let task: Task<String, any Error>
    init(hasher: PasswordHasher) { task = Task { try await hasher.decoyHash() } }
    var value: String { get async throws { try await task.value } }
}
