import FTZCore
import Foundation
import Ledger
import Localization
import Storage

/// What the identity services share: the database, the ledger, the clock, password
/// hashing, the token cache to evict, and the repositories.
public struct IdentityBase: Sendable {
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    let authentication: AuthenticationService
    let organisations = OrganisationRepository()
    let users = UserRepository()
    let clients = ClientRepository()
    let tokens = TokenRepository()
    let invitations = InvitationRepository()
    /// Anonymous self-service (registration, accepting an invitation), per client address;
    /// one budget for both, so switching between them gains nothing.
    let selfServiceLimiter: RateLimiter<String>

    public init(database: Database, ledger: Ledger, clock: any WallClock, authentication: AuthenticationService) {
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.authentication = authentication
        let perHour = authentication.configuration.selfServicePerHour
        selfServiceLimiter = RateLimiter(perSecond: perHour / 3600, burst: max(1, perHour))
    }
}

/// One of the identity services (organisations, accounts, clients, the directory), reading
/// the shared parts as its own.
protocol IdentityComponent: Sendable {
    var base: IdentityBase { get }
}

extension IdentityComponent {
    var database: Database { base.database }
    var ledger: Ledger { base.ledger }
    var clock: any WallClock { base.clock }
    var hasher: PasswordHasher { base.authentication.hasher }
    var authentication: AuthenticationService { base.authentication }
    var organisations: OrganisationRepository { base.organisations }
    var users: UserRepository { base.users }
    var clients: ClientRepository { base.clients }
    var tokens: TokenRepository { base.tokens }
    var invitations: InvitationRepository { base.invitations }

    /// Anonymous calls that create accounts are limited per address (429 with Retry-After).
    func limitSelfService(from address: String?) throws(Problem) {
        if let wait = base.selfServiceLimiter.take(Self.network(of: address), at: clock.now()) {
            throw Problem(.tooManyRequests, "rate_limited", retryAfter: wait)
        }
    }

    /// The unit one limit applies to: an IPv4 address, or an IPv6 /64.
    static func network(of address: String?) -> String {
        guard let address else { return "unknown" }
        return IPAddress(address)?.limitKey ?? address
    }

}

/// Who may change an enterprise's people, clients and details: its investors in person
/// (not its software: a leaked client secret must not mint accounts or clients that
/// outlive the client), or administrators.
func requirePersonOrAdministrator(_ actor: Actor) throws(Problem) {
    try actor.require(anyOf: .investor, .admin)
    if actor.has(.admin) { return }
    guard case .user = actor.principal else { throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "investor (a person)"]) }
}
