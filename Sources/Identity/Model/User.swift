import FTZCore
import Foundation

/// A person with an account, member of exactly one organisation.
public struct User: Sendable, Equatable {
    public let id: UUID
    public let organisationID: UUID
    public let username: String
    public var displayName: String
    public var email: String?
    public var roles: Set<Role>
    public var disabled: Bool
    public let createdAt: Date
    public var version: Int

    public init(id: UUID, organisationID: UUID, username: String, displayName: String, email: String?, roles: Set<Role>,
                disabled: Bool, createdAt: Date, version: Int) {
        self.id = id
        self.organisationID = organisationID
        self.username = username
        self.displayName = displayName
        self.email = email
        self.roles = roles
        self.disabled = disabled
        self.createdAt = createdAt
        self.version = version
    }
}

/// A machine client (a customs feed, a terminal system, a department's software) that
/// authenticates with OAuth 2.0 client credentials.
public struct MachineClient: Sendable, Equatable {
    public let id: UUID
    public let clientID: String
    public let organisationID: UUID
    public var name: String
    public var roles: Set<Role>
    public var scopes: Set<String>
    public var disabled: Bool
    public let createdAt: Date

    public init(id: UUID, clientID: String, organisationID: UUID, name: String, roles: Set<Role>, scopes: Set<String>,
                disabled: Bool, createdAt: Date) {
        self.id = id
        self.clientID = clientID
        self.organisationID = organisationID
        self.name = name
        self.roles = roles
        self.scopes = scopes
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// A bearer token as handed to its holder: the secret is shown once and only its hash is stored.
public struct IssuedToken: Sendable {
    public let tokenID: UUID
    public let accessToken: String
    public let expiresAt: Date
    public let expiresIn: Int
    public let scopes: Set<String>
}

/// A newly created machine client with its secret, shown this once.
public struct IssuedClientSecret: Sendable {
    public let client: MachineClient
    public let clientSecret: String
}

/// OAuth scopes a machine client may be granted.
public enum Scope {
    public static let known: Set<String> = [
        "feeds:write",          // push customs, manifest and container data
        "exchange:query",       // query shared datasets under a grant
        "consultations:write",  // answer licensing consultations
        "dossiers:read",        // an investor's own software reading its dossiers
        "dossiers:write",       // … and filing them
    ]
}

/// Role lists are stored as sorted comma-separated text: small, and readable in SQL.
enum RoleList {
    static func encode(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
    static func decode(_ text: String) -> Set<Role> { Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) }) }
}

enum ScopeList {
    static func encode(_ scopes: Set<String>) -> String { scopes.sorted().joined(separator: " ") }
    static func decode(_ text: String) -> Set<String> { Set(text.split(separator: " ").map(String.init)) }
}
