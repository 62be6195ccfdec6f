import FTZCore
import Foundation
import Ledger
import Localization
import Storage

/// Organisations: created by administrators or by an investor registering itself, read by
/// whoever may see them, and kept current by the organisation's own people.
public final class OrganisationService: IdentityComponent {
    let base: IdentityBase
    let accounts: AccountService

    public init(base: IdentityBase, accounts: AccountService) {
        self.base = base
        self.accounts = accounts
    }

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

    // MARK: - Self-service

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
        let user = accounts.validated(AccountService.NewUser(organisationID: organisation?.id ?? UUID(), username: registration.username,
                                     displayName: registration.displayName, email: registration.email, password: registration.password,
                                     roles: [Role.investor.rawValue]), into: &validator)
        try validator.finish()
        let hash = try await hasher.hash(registration.password)
        let registrar = Actor.system("self-registration")
        try await database.transaction { [organisation] tx in
            try await self.store(organisation!, by: registrar, in: tx)
            try await self.accounts.store(user!, passwordHash: hash, by: registrar, in: tx)
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
    /// it); administrators may correct any organisation, if `expectedVersion` is still current.
    public func updateOrganisation(_ id: UUID, _ changes: OrganisationChanges, expectedVersion: Int,
                                   by actor: Actor) async throws -> Organisation {
        try requirePersonOrAdministrator(actor)
        guard actor.has(.admin) || actor.organisationID == id else { throw Problem.notFound("organisation") }
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
}
