import FTZCore
import Foundation
import Identity
import Ledger
import Localization
import Notifications
import Storage
import Synchronization
import TestSupport

/// Notifications on a fresh database: a ledger to append to, two investor organisations
/// (one reading Vietnamese, one English) and a webhook receiver that answers as told.
struct NotificationFixture {
    static let receiverHost = "hooks.example.test"

    let database: Database
    let ledger: Ledger
    let clock: ManualWallClock
    let receiver: ScriptedReceiver
    let notifications: NotificationService
    /// Investor organisations reading Vietnamese and English.
    let vietnamese: UUID
    let english: UUID

    static func investor(of organisation: UUID) -> Actor {
        Actor(principal: .user(UUID()), organisationID: organisation, organisationKind: .investorEnterprise, roles: [.investor])
    }

    static func with<R: Sendable>(_ kind: DatabaseKind, maximumAttempts: Int = 3, _ body: (NotificationFixture) async throws -> R)
        async throws -> R
    {
        try await TestDatabase.withFresh(kind) { database in
            let clock = ManualWallClock(testEpoch)
            let receiver = ScriptedReceiver()
            var configuration = NotificationService.Configuration()
            configuration.allowedHosts = [receiverHost]
            configuration.retry = RetryPolicy(firstDelay: 30, maximumDelay: 600, maximumAttempts: maximumAttempts, jitter: 0)
            let ledger = Ledger(database: database, clock: clock)
            let identity = IdentityBase(database: database, ledger: ledger, clock: clock,
                                        authentication: AuthenticationService(database: database, ledger: ledger, clock: clock,
                                                                              configuration: IdentityConfiguration(), logger: TestDatabase.logger))
            let organisations = OrganisationService(base: identity, accounts: AccountService(base: identity))
            let vietnamese = try await organisations.insertOrganisation(
                .init(kind: .investorEnterprise, name: "Công ty Sao Biển", country: "VN", preferredLanguage: "vi"), by: .system("test"))
            let english = try await organisations.insertOrganisation(
                .init(kind: .investorEnterprise, name: "Harbour Ltd", country: "SG", preferredLanguage: "en"), by: .system("test"))
            let notifications = NotificationService(database: database, ledger: ledger, clock: clock, environment: Languages(english: english.id),
                                                    messages: MessageCatalogue.bundled, secrets: .random(), transport: receiver,
                                                    configuration: configuration, logger: TestDatabase.logger)
            return try await body(NotificationFixture(database: database, ledger: ledger, clock: clock, receiver: receiver,
                                                      notifications: notifications, vietnamese: vietnamese.id, english: english.id))
        }
    }

    /// What licensing appends when a dossier moves.
    func dossierMoved(_ action: String, to status: String, organisation: UUID?, reference: String = "HPFTZ-HS-IRC-2026-000001") async throws {
        let event = LedgerEvent(action: "licensing.dossier.\(action)", subjectType: "dossier", subjectID: UUID().lowercasedString,
                                organisationID: organisation,
                                payload: ["action": .string(action), "to": .string(status), "reference": .string(reference)])
        try await append(event)
    }

    func append(_ event: LedgerEvent) async throws {
        _ = try await database.transaction { try await ledger.append(event, by: .system("test"), in: $0) }
    }

    func inbox(of organisation: UUID) async throws -> [InboxNotification] {
        try await notifications.inbox(unreadOnly: false, page: PageRequest(limit: 100), by: Self.investor(of: organisation)).page.items
    }

    @discardableResult
    func subscribe(_ organisation: UUID, to eventTypes: [String] = []) async throws -> WebhookEndpoint {
        try await notifications.createEndpoint(url: "https://\(Self.receiverHost)/ftz", description: nil, eventTypes: eventTypes,
                                               by: Self.investor(of: organisation))
    }
}

/// Preferred languages as identity would give them.
struct Languages: NotificationEnvironment {
    let english: UUID
    func preferredLanguage(of organisation: UUID) async throws -> Language? {
        organisation == english ? .en : .vi
    }
}

/// A receiver that answers each request with the next scripted status (200 once the
/// script runs out), and remembers what it was sent.
final class ScriptedReceiver: WebhookTransport {
    struct Request: Sendable {
        let url: String
        let headers: [String: String]
        let body: [UInt8]
    }

    private let state = Mutex<(script: [Int], received: [Request])>(([], []))

    func answer(_ statuses: [Int]) { state.withLock { $0.script = statuses } }
    var received: [Request] { state.withLock { $0.received } }

    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async -> Result<Int, WebhookTransportError> {
        state.withLock { state in
            state.received.append(Request(url: url, headers: Dictionary(headers) { first, _ in first }, body: body))
            return .success(state.script.isEmpty ? 200 : state.script.removeFirst())
        }
    }
}
