import Crypto
import FTZCore
import Foundation
import Ledger
import Logging
import Storage
import Synchronization

/// Data sharing between the zone's agencies, on X-Road's principles: the data owner (the
/// zone authority) decides by grant which subsystem may call which service, for which
/// purposes and until when; every query, allowed or denied, is evidence in the ledger; the
/// enterprise a query concerns can see it; answers are signed.
public final class ExchangeService: Sendable {
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    let environment: any ExchangeEnvironment
    public let catalogue: ExchangeCatalogue
    let signingKey: NoteSigningKey
    let logger: Logger
    let repository = ExchangeRepository()
    let journal: QueryJournal
    let limiter: RateLimiter<UUID>
    /// Subsystems and their grants by client, reused for a few seconds and forgotten on
    /// every change made here (another process's changes show within `cacheLifetime`).
    private let cache = Mutex<(at: Date, byClient: [UUID: (Subsystem, [Grant])])?>(nil)
    let cacheLifetime: TimeInterval

    public init(database: Database, ledger: Ledger, clock: any WallClock, environment: any ExchangeEnvironment, catalogue: ExchangeCatalogue,
                signingKey: NoteSigningKey, requestsPerSecond: Double = 100, cacheLifetime: TimeInterval = 5, logger: Logger) {
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.environment = environment
        self.catalogue = catalogue
        self.signingKey = signingKey
        self.logger = logger
        self.cacheLifetime = cacheLifetime
        journal = QueryJournal(database: database, ledger: ledger)
        limiter = RateLimiter(perSecond: requestsPerSecond, burst: max(1, requestsPerSecond * 2))
    }

    /// Administrators, or the service itself (bootstrap and demo set-up).
    func requireAdministrator(_ actor: Actor) throws {
        if case .system = actor.principal { return }
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        try actor.require(anyOf: .admin)
    }

    func forgetRegistry(in tx: Transaction) {
        tx.afterCommit { self.cache.withLock { $0 = nil } }
    }

    /// The calling client's subsystem and its grants.
    func registration(of client: UUID) async throws -> (Subsystem, [Grant])? {
        let now = clock.now()
        if let cached = cache.withLock({ $0 }), now.timeIntervalSince(cached.at) < cacheLifetime, cached.at <= now {
            return cached.byClient[client]
        }
        let (subsystems, grants) = try await database.read { sql in
            (try await self.repository.subsystems(on: sql), try await self.repository.grants(subsystem: nil, on: sql))
        }
        let bySubsystem = Dictionary(grouping: grants, by: \.subsystemID)
        let byClient = Dictionary(uniqueKeysWithValues: subsystems.map { ($0.clientID, ($0, bySubsystem[$0.id] ?? [])) })
        cache.withLock { $0 = (now, byClient) }
        return byClient[client]
    }

    // MARK: Registry

    /// Registers a machine client of a member organisation as one of its subsystems.
    public func registerSubsystem(client: UUID, code: String, name: String, by actor: Actor) async throws -> Subsystem {
        try requireAdministrator(actor)
        var validator = FieldValidator()
        validator.check(code.range(of: "^[A-Z0-9][A-Z0-9-]{1,39}$", options: .regularExpression) != nil, "/code", "subsystem_code_format")
        validator.check(!name.trimmingCharacters(in: .whitespaces).isEmpty && name.count <= 200, "/name", "required")
        try validator.finish()
        guard let info = try await environment.client(client) else { throw Problem.invalid("/clientId", "client_unknown") }
        guard let memberCode = info.organisationCode else { throw Problem.invalid("/clientId", "member_without_code") }
        guard let memberClass = catalogue.memberClasses[info.organisationKind.rawValue] else {
            throw Problem.invalid("/clientId", "member_class_unknown", arguments: ["kind": info.organisationKind.rawValue])
        }
        let subsystem = Subsystem(id: UUID.v7(at: clock.now()), identifier: "\(catalogue.instance)/\(memberClass)/\(memberCode)/\(code)",
                                  memberID: info.organisationID, memberCode: memberCode, memberClass: memberClass, code: code, name: name,
                                  clientID: client, createdAt: clock.now())
        try await database.transaction { tx in
            guard try await self.repository.insert(subsystem, on: tx.sql) else {
                throw Problem(.conflict, "subsystem_taken", fieldErrors: [.init("/code", "subsystem_taken")])
            }
            try await self.ledger.append(LedgerEvent(
                action: "exchange.subsystem.registered", subjectType: "exchange_subsystem", subjectID: subsystem.identifier,
                organisationID: subsystem.memberID, payload: ["client": .string(client.lowercasedString), "name": .string(name)]), by: actor, in: tx)
            self.forgetRegistry(in: tx)
        }
        return subsystem
    }

    public func subsystems(by actor: Actor) async throws -> [Subsystem] {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        try actor.require(anyOf: .admin, .auditor)
        return try await database.read { try await self.repository.subsystems(on: $0) }
    }

    // MARK: Grants

    public struct NewGrant: Sendable {
        public var subsystemID: UUID
        public var service: String
        public var fields: [String]
        public var purposes: [String]
        public var expiresAt: Date
        public init(subsystemID: UUID, service: String, fields: [String], purposes: [String], expiresAt: Date) {
            self.subsystemID = subsystemID
            self.service = service
            self.fields = fields
            self.purposes = purposes
            self.expiresAt = expiresAt
        }
    }

    public func grant(_ input: NewGrant, by actor: Actor) async throws -> Grant {
        try requireAdministrator(actor)
        var validator = FieldValidator()
        let service = catalogue.service(input.service)
        validator.check(service != nil, "/service", "service_unknown", arguments: ["value": input.service])
        validator.check(!input.fields.isEmpty, "/fields", "min_items", arguments: ["min": "1"])
        for (position, field) in input.fields.enumerated() where service.map({ !$0.fields.contains(field) }) ?? false {
            validator.add("/fields/\(position)", "field_unknown", arguments: ["allowed": service!.fields.joined(separator: ", ")])
        }
        validator.check(!input.purposes.isEmpty, "/purposes", "min_items", arguments: ["min": "1"])
        for (position, purpose) in input.purposes.enumerated() where catalogue.purpose(purpose) == nil {
            validator.add("/purposes/\(position)", "purpose_unknown", arguments: ["allowed": catalogue.purposes.map(\.code).joined(separator: ", ")])
        }
        validator.check(input.expiresAt > clock.now(), "/expiresAt", "in_the_past")
        try validator.finish()
        let grant = Grant(id: UUID.v7(at: clock.now()), subsystemID: input.subsystemID, service: input.service, fields: Array(Set(input.fields)).sorted(),
                          purposes: Array(Set(input.purposes)).sorted(), expiresAt: input.expiresAt, createdBy: actor.reference,
                          createdAt: clock.now(), revokedAt: nil, revokedBy: nil)
        try await database.transaction { tx in
            guard let subsystem = try await self.repository.subsystem(input.subsystemID, on: tx.sql) else {
                throw Problem.invalid("/subsystemId", "subsystem_unknown")
            }
            try await self.repository.insert(grant, on: tx.sql)
            try await self.ledger.append(Self.grantEvent("granted", grant, subsystem: subsystem), by: actor, in: tx)
            self.forgetRegistry(in: tx)
        }
        return grant
    }

    public func grants(subsystem: UUID?, by actor: Actor) async throws -> [Grant] {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        try actor.require(anyOf: .admin, .auditor)
        return try await database.read { try await self.repository.grants(subsystem: subsystem, on: $0) }
    }

    public func revoke(grant id: UUID, by actor: Actor) async throws -> Grant {
        try requireAdministrator(actor)
        let now = clock.now()
        return try await database.transaction { tx in
            guard var grant = try await self.repository.grant(id, on: tx.sql),
                  let subsystem = try await self.repository.subsystem(grant.subsystemID, on: tx.sql)
            else { throw Problem.notFound("grant") }
            guard try await self.repository.revoke(id, at: now, by: actor.reference, on: tx.sql) else { throw Problem.conflict("grant_revoked") }
            grant.revokedAt = now
            grant.revokedBy = actor.reference
            try await self.ledger.append(Self.grantEvent("revoked", grant, subsystem: subsystem), by: actor, in: tx)
            self.forgetRegistry(in: tx)
            return grant
        }
    }

    static func grantEvent(_ verb: String, _ grant: Grant, subsystem: Subsystem) -> LedgerEvent {
        LedgerEvent(action: "exchange.grant.\(verb)", subjectType: "exchange_grant", subjectID: grant.id.lowercasedString,
                    organisationID: subsystem.memberID,
                    payload: ["client": .string(subsystem.identifier), "service": .string(grant.service),
                              "fields": .array(grant.fields.map(JSONValue.string)), "purposes": .array(grant.purposes.map(JSONValue.string)),
                              "expiresAt": .string(RFC3339.format(grant.expiresAt))])
    }

    /// What the calling subsystem may call now: its active grants.
    public func allowed(by actor: Actor) async throws -> (Subsystem, [Grant]) {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard case .client(let client) = actor.principal, let (subsystem, grants) = try await registration(of: client) else {
            throw Problem(.forbidden, "not_a_subsystem")
        }
        let now = clock.now()
        return (subsystem, grants.filter { $0.isActive(at: now) })
    }
}
