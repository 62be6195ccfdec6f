import FTZCore
import Crypto
import DataExchange
import Foundation
import Identity
import Ledger
import Licensing
import Localization
import Logging
import Notifications
import Programs
import Storage
import TradeData

/// The capabilities of one running service, wired to one database and one clock.
public final class AppServices: Sendable {
    public let database: Database
    public let clock: any WallClock
    public let ledger: Ledger
    public let checkpoints: CheckpointService
    public let ledgerService: LedgerService
    public let authentication: AuthenticationService
    public let identity: IdentityAdministration
    public let catalogue: CatalogueService
    public let licensing: LicensingService
    public let programmes: ProgrammeService
    public let trade: TradeService
    public let exchange: ExchangeService
    public let notifications: NotificationService
    public let idempotency: IdempotencyStore
    public let migrations: MigrationRunner
    public let messages: MessageCatalogue
    public let logger: Logger
    /// Live trade streams per principal; shared by every router built on these services.
    let streams: StreamPermits

    public init(database: Database, configuration: ServerConfiguration, signingKeys: [NoteSigningKey], certificateKey: NoteSigningKey,
                exchangeKey: NoteSigningKey? = nil, webhookSecrets: SecretSealer = .random(), personalDataKey: SymmetricKey? = nil,
                clock: any WallClock = SystemWallClock(),
                webhookTransport: (any WebhookTransport)? = nil, logger: Logger) throws {
        self.database = database
        self.clock = clock
        self.logger = logger
        streams = StreamPermits(perPrincipal: configuration.streamsPerPrincipal)
        ledger = Ledger(database: database, clock: clock, personalDataKey: personalDataKey)
        checkpoints = CheckpointService(database: database, origin: configuration.ledgerOrigin, signingKeys: signingKeys, clock: clock,
                                        logger: logger, maximumAge: configuration.checkpointInterval,
                                        maximumEntries: configuration.checkpointEntries)
        ledgerService = LedgerService(reader: LedgerReader(database: database), checkpoints: checkpoints)
        var identityConfiguration = IdentityConfiguration()
        identityConfiguration.bcryptCost = configuration.bcryptCost
        identityConfiguration.userTokenLifetime = configuration.userTokenLifetime
        identityConfiguration.clientTokenLifetime = configuration.clientTokenLifetime
        identityConfiguration.tokenCacheLifetime = configuration.tokenCacheLifetime
        identityConfiguration.selfServicePerHour = configuration.selfServicePerHour
        authentication = AuthenticationService(database: database, ledger: ledger, clock: clock, configuration: identityConfiguration,
                                               logger: logger)
        identity = IdentityAdministration(database: database, ledger: ledger, clock: clock, authentication: authentication)
        let zone = try ZoneCatalogue.load(configuration.catalogueDirectory.map { .directory(URL(fileURLWithPath: $0)) } ?? .bundled)
        catalogue = CatalogueService(catalogue: zone, database: database, ledger: ledger, clock: clock)
        var licensingConfiguration = LicensingConfiguration()
        licensingConfiguration.maximumDocumentBytes = configuration.maximumDocumentBytes
        licensingConfiguration.organisationDocumentQuotaBytes = configuration.organisationDocumentQuotaBytes
        // Processes sharing a PostgreSQL database share its document bytes too; SQLite is one
        // process, whose bytes stay files beside the database.
        let documentStore: any DocumentStore = database.kind == .postgres
            ? DatabaseDocumentStore(database: database)
            : FileSystemDocumentStore(root: configuration.documentsDirectory)
        licensing = LicensingService(database: database, ledger: ledger, clock: clock, catalogue: catalogue,
                                     directory: IdentityDirectory(identity: identity),
                                     documentStore: documentStore,
                                     certificateKey: certificateKey, configuration: licensingConfiguration, logger: logger)
        trade = TradeService(database: database, ledger: ledger, clock: clock,
                             environment: TradeDirectory(identity: identity, licensing: licensing),
                             catalogue: try TradeCatalogue.load(directory: configuration.catalogueDirectory.map { URL(fileURLWithPath: $0) }),
                             logger: logger)
        programmes = ProgrammeService(database: database, ledger: ledger, clock: clock,
                                      environment: ProgrammeMeasurements(identity: identity, licensing: licensing, catalogue: catalogue,
                                                                         trade: trade, clock: clock))
        exchange = ExchangeService(database: database, ledger: ledger, clock: clock,
                                   environment: ExchangeDirectory(identity: identity, licensing: licensing, trade: trade),
                                   catalogue: try ExchangeCatalogue.load(directory: configuration.catalogueDirectory.map { URL(fileURLWithPath: $0) }),
                                   signingKey: exchangeKey ?? NoteSigningKey(name: configuration.exchangeKeyName, privateKey: .init()),
                                   requestsPerSecond: configuration.exchangeRequestsPerSecond, logger: logger)
        var notificationConfiguration = NotificationService.Configuration()
        notificationConfiguration.allowInsecureHTTP = configuration.webhookAllowInsecureHTTP
        notificationConfiguration.allowedHosts = configuration.webhookAllowedHosts
        notificationConfiguration.retry.firstDelay = configuration.webhookFirstRetry
        notifications = NotificationService(database: database, ledger: ledger, clock: clock, environment: NotificationAudience(identity: identity),
                                            messages: MessageCatalogue.bundled, secrets: webhookSecrets,
                                            transport: webhookTransport ?? HTTPWebhookTransport(allowedHosts: configuration.webhookAllowedHosts),
                                            configuration: notificationConfiguration, logger: logger)
        idempotency = IdempotencyStore(database: database, clock: clock)
        migrations = try MigrationRunner(database: database, logger: logger)
        messages = MessageCatalogue.bundled
    }

    /// Opens the configured database and applies pending migrations.
    public static func start(_ configuration: ServerConfiguration, clock: any WallClock = SystemWallClock(),
                             logger: Logger) async throws -> AppServices {
        logger.info("opening database", metadata: ["database": "\(configuration.databaseLocation)"])
        let database = try await Database.open(configuration.databaseLocation, poolSize: configuration.databasePoolSize, logger: logger)
        do {
            let keys = try LedgerSigningKeys.load(inline: configuration.ledgerSigningKey, file: configuration.ledgerSigningKeyFile,
                                                  developmentFile: configuration.developmentSigningKeyFile,
                                                  origin: configuration.ledgerOrigin, logger: logger)
            let certificateKeys = try LedgerSigningKeys.load(inline: configuration.certificateSigningKey,
                                                             file: configuration.certificateSigningKeyFile,
                                                             developmentFile: configuration.developmentCertificateKeyFile,
                                                             origin: configuration.certificateKeyName, logger: logger)
            let exchangeKeys = try LedgerSigningKeys.load(inline: configuration.exchangeSigningKey, file: configuration.exchangeSigningKeyFile,
                                                          developmentFile: configuration.developmentExchangeKeyFile,
                                                          origin: configuration.exchangeKeyName, logger: logger)
            let webhookSecrets = try SecretSealer.load(inline: configuration.webhookSecretKey, file: configuration.webhookSecretKeyFile,
                                                       developmentFile: configuration.developmentWebhookSecretKeyFile, logger: logger)
            let personalDataKey = try KeyFile.load32(inline: configuration.ledgerPersonalDataKey, file: configuration.ledgerPersonalDataKeyFile,
                                                     developmentFile: configuration.developmentPersonalDataKeyFile,
                                                     setting: "FTZ_LEDGER_PERSONAL_DATA_KEY", purpose: "ledger personal-data key", logger: logger)
            let services = try AppServices(database: database, configuration: configuration, signingKeys: keys,
                                           certificateKey: certificateKeys[0], exchangeKey: exchangeKeys[0], webhookSecrets: webhookSecrets,
                                           personalDataKey: SymmetricKey(data: personalDataKey),
                                           clock: clock, logger: logger)
            try await services.migrations.migrate(clock: clock)
            try await services.checkpoints.registerKeys()
            try await services.catalogue.seed()
            try await services.programmes.seed(directory: configuration.catalogueDirectory.map { URL(fileURLWithPath: $0) })
            return services
        } catch {
            await database.close()
            throw error
        }
    }

    public func shutdown() async { await database.close() }
}
