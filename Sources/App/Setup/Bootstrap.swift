import FTZCore
import Foundation
import Identity

/// Creates the zone authority and its first administrator on an empty installation.
public enum Bootstrap {
    public struct Result: Sendable {
        public let organisation: Organisation
        public let user: User
        public let password: String
    }

    public enum Failure: Error, CustomStringConvertible {
        case alreadyBootstrapped
        public var description: String {
            "an administrator exists already; use the admin API to create more accounts"
        }
    }

    /// - Parameter password: nil generates a strong one, returned in the result.
    public static func firstAdministrator(services: AppServices, zoneName: String, username: String, password: String?) async throws
        -> Result
    {
        let existing = try await services.organisations.organisations(kind: .zoneAuthority, page: PageRequest(limit: 1),
                                                                 by: Actor.system("bootstrap").withRoles([.admin]))
        if !existing.items.isEmpty { throw Failure.alreadyBootstrapped }
        let system = Actor.system("bootstrap")
        let organisation = try await services.organisations.insertOrganisation(.init(
            kind: .zoneAuthority, name: zoneName, country: "VN", preferredLanguage: "vi"), by: system)
        let chosen = password ?? Self.generatePassword()
        let user = try await services.accounts.insertUser(.init(
            organisationID: organisation.id, username: username, displayName: "Administrator", password: chosen, roles: ["admin"]),
            by: system)
        return Result(organisation: organisation, user: user, password: chosen)
    }

    /// 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I): ~115 bits.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

extension Actor {
    /// The same principal with other roles: for internal callers that act as a role.
    func withRoles(_ roles: Set<Role>) -> Actor {
        Actor(principal: principal, organisationID: organisationID, organisationKind: organisationKind, roles: roles, scopes: scopes,
              tokenID: tokenID)
    }
}
