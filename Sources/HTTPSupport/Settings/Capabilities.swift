import DataExchange
import FTZCore
import Identity
import Ledger
import Licensing
import Localization
import Logging
import Notifications
import Programs
import Risk
import Storage
import TradeData

/// The capability services the HTTP layer calls. The composition root (the App target)
/// builds them, wired to one database and one clock, and hands them to
/// ``ApplicationBuilder``; nothing in Server constructs a capability.
public struct Capabilities: Sendable {
    public let database: Database
    public let clock: any WallClock
    public let ledger: Ledger
    public let checkpoints: CheckpointService
    public let ledgerService: LedgerService
    public let authentication: AuthenticationService
    public let organisations: OrganisationService
    public let accounts: AccountService
    public let clients: ClientService
    public let catalogue: CatalogueService
    public let licensing: LicensingService
    public let programmes: ProgrammeService
    public let trade: TradeService
    public let risk: RiskService
    public let exchange: ExchangeService
    public let notifications: NotificationService
    public let idempotency: IdempotencyStore
    public let migrations: MigrationRunner
    public let messages: MessageCatalogue
    public let logger: Logger
    /// Live trade streams per principal; shared by every router built on these services.
    public let streams: StreamPermits

    public init(database: Database, clock: any WallClock, ledger: Ledger, checkpoints: CheckpointService, ledgerService: LedgerService,
                authentication: AuthenticationService, organisations: OrganisationService, accounts: AccountService,
                clients: ClientService, catalogue: CatalogueService,
                licensing: LicensingService, programmes: ProgrammeService, trade: TradeService, risk: RiskService, exchange: ExchangeService,
                notifications: NotificationService, idempotency: IdempotencyStore, migrations: MigrationRunner,
                messages: MessageCatalogue, streamsPerPrincipal: Int, logger: Logger) {
        self.database = database
        self.clock = clock
        self.ledger = ledger
        self.checkpoints = checkpoints
        self.ledgerService = ledgerService
        self.authentication = authentication
        self.organisations = organisations
        self.accounts = accounts
        self.clients = clients
        self.catalogue = catalogue
        self.licensing = licensing
        self.programmes = programmes
        self.trade = trade
        self.risk = risk
        self.exchange = exchange
        self.notifications = notifications
        self.idempotency = idempotency
        self.migrations = migrations
        self.messages = messages
        self.streams = StreamPermits(perPrincipal: streamsPerPrincipal)
        self.logger = logger
    }
}
