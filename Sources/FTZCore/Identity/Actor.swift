import Foundation

/// The kind of an organisation, which bounds the roles its members may hold.
public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
    case zoneAuthority = "zone_authority"
    case department
    case investorEnterprise = "investor_enterprise"
    case customs
    case terminalOperator = "terminal_operator"
    case logisticsOperator = "logistics_operator"
}

/// What a person or machine may do. Stored and sent as the snake_case raw value.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case investor
    case ezaOfficer = "eza_officer"
    case ezaApprover = "eza_approver"
    case departmentOfficer = "department_officer"
    case dataFeed = "data_feed"
    case auditor
    case admin
    /// Administers the programme catalogue (the city's big problems) and reviews reports.
    case programmeOffice = "programme_office"
    /// A department's information system calling shared data services (and answering
    /// licensing consultations) through the exchange registry.
    case exchangeClient = "exchange_client"

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The zone authority's people who work and oversee dossiers and see the zone's data:
    /// officers, approvers, administrators and auditors. Written once, asked by name.
    public static let zoneStaff: Set<Role> = [.ezaOfficer, .ezaApprover, .admin, .auditor]
    /// Those who handle dossiers: officers and approvers.
    public static let caseHandlers: Set<Role> = [.ezaOfficer, .ezaApprover]

    /// The organisation kinds whose members may hold this role: an investor cannot be
    /// made an approver, whatever an administrator types.
    public var allowedOrganisationKinds: Set<OrganisationKind> {
        switch self {
        case .investor: [.investorEnterprise]
        case .ezaOfficer, .ezaApprover, .admin, .programmeOffice: [.zoneAuthority]
        case .departmentOfficer: [.department, .customs]
        case .dataFeed: [.customs, .terminalOperator, .logisticsOperator, .department]
        case .auditor: [.zoneAuthority, .department]
        case .exchangeClient: [.department, .customs, .zoneAuthority]
        }
    }
}

/// Who is acting: the authenticated principal of one request or command.
///
/// Capabilities receive an `Actor` and decide authorisation themselves; the server only
/// establishes who the caller is.
public struct Actor: Sendable, Equatable {
    public enum Principal: Sendable, Hashable {
        case anonymous
        case user(UUID)
        case client(UUID)
        /// The service itself (bootstrap, schedulers), named for the audit trail.
        case system(String)
    }

    public let principal: Principal
    public let organisationID: UUID?
    public let organisationKind: OrganisationKind?
    public let roles: Set<Role>
    /// OAuth scopes of a machine client; empty for people.
    public let scopes: Set<String>
    /// The bearer token's own id, so logout can revoke exactly this session.
    public let tokenID: UUID?

    public init(principal: Principal, organisationID: UUID?, organisationKind: OrganisationKind?,
                roles: Set<Role>, scopes: Set<String> = [], tokenID: UUID? = nil) {
        self.principal = principal
        self.organisationID = organisationID
        self.organisationKind = organisationKind
        self.roles = roles
        self.scopes = scopes
        self.tokenID = tokenID
    }

    public static let anonymous = Actor(principal: .anonymous, organisationID: nil, organisationKind: nil, roles: [])
    public static func system(_ name: String) -> Actor {
        Actor(principal: .system(name), organisationID: nil, organisationKind: nil, roles: [])
    }

    public var isAuthenticated: Bool { principal != .anonymous }
    /// The person's id, when a person (not a machine client or the system) is acting.
    public var userID: UUID? { if case .user(let id) = principal { id } else { nil } }
    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public func hasAny(_ candidates: Role...) -> Bool { candidates.contains { roles.contains($0) } }
    /// Whether the actor holds any role of a named set (``Role/zoneStaff``, ``Role/caseHandlers``).
    public func isAny(of set: Set<Role>) -> Bool { !roles.isDisjoint(with: set) }

    /// The principal as a ledger/audit reference: `user:<id>`, `client:<id>`, `system:<name>`.
    public var reference: String {
        switch principal {
        case .anonymous: "anonymous"
        case .user(let id): "user:\(id.lowercasedString)"
        case .client(let id): "client:\(id.lowercasedString)"
        case .system(let name): "system:\(name)"
        }
    }

    /// Throws 401 for an anonymous caller, 403 when none of `roles` is held.
    public func require(anyOf roles: Role...) throws(Problem) {
        guard isAuthenticated else { throw Problem.unauthenticated() }
        guard roles.contains(where: self.roles.contains) else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": roles.map(\.rawValue).joined(separator: ", ")])
        }
    }
}
