import DocumentSigning
import Crypto
import DataExchange
import FTZCore
import Foundation
import Hummingbird
import Identity
import Ledger
import Licensing
import Localization
import Logging
import Notifications
import Programs
import Risk
import RiskLearning
import HTTPSupport
import Storage
import TradeData

/// The composition root: every capability of one running service, wired to one database
/// and one clock, with the adapters (`Live…`) that answer each capability's port from the
/// others. Members of ``Capabilities`` read through it (`services.licensing`).
@dynamicMemberLookup
public final class AppServices: Sendable {
    public let capabilities: Capabilities
    /// Identity's reads without an authorisation check, for the adapters (and set-up); not a
    /// capability, so no handler can reach it.
    public let directory: IdentityDirectory
    let configuration: ServerConfiguration

    public subscript<Member>(dynamicMember keyPath: KeyPath<Capabilities, Member>) -> Member { capabilities[keyPath: keyPath] }

    public init(database: Database, configuration: ServerConfiguration, signingKeys: [NoteSigningKey], certificateKey: NoteSigningKey,
                exchangeKey: NoteSigningKey? = nil, webhookSecrets: SecretSealer = .random(), personalDataKey: SymmetricKey? = nil,
                documentSigner: (any DocumentSigner)? = nil,
                clock: any WallClock = SystemWallClock(),
                webhookTransport: (any WebhookTransport)? = nil, logger: Logger) throws {
        self.configuration = configuration
        let ledger = Ledger(database: database, clock: clock, personalDataKey: personalDataKey)
        let checkpoints = CheckpointService(database: database, origin: configuration.ledgerOrigin, signingKeys: signingKeys, clock: clock,
                                            logger: logger, maximumAge: configuration.checkpointInterval,
                                            maximumEntries: configuration.checkpointEntries)
        var identityConfiguration = IdentityConfiguration()
        identityConfiguration.bcryptCost = configuration.bcryptCost
        identityConfiguration.userTokenLifetime = configuration.userTokenLifetime
        identityConfiguration.clientTokenLifetime = configuration.clientTokenLifetime
        identityConfiguration.tokenCacheLifetime = configuration.tokenCacheLifetime
        identityConfiguration.selfServicePerHour = configuration.selfServicePerHour
        let authentication = AuthenticationService(database: database, ledger: ledger, clock: clock, configuration: identityConfiguration,
                                                   logger: logger)
        let identityBase = IdentityBase(database: database, ledger: ledger, clock: clock, authentication: authentication)
        let accounts = AccountService(base: identityBase)
        let identity = IdentityDirectory(base: identityBase)
        directory = identity
        let catalogueDirectory = configuration.catalogueDirectory.map { URL(fileURLWithPath: $0) }
        let zone = try ZoneCatalogue.load(catalogueDirectory.map { .directory($0) } ?? .bundled)
        let catalogue = CatalogueService(catalogue: zone, database: database, ledger: ledger, clock: clock)
        var licensingConfiguration = LicensingConfiguration()
        licensingConfiguration.maximumDocumentBytes = configuration.http.maximumDocumentBytes
        licensingConfiguration.organisationDocumentQuotaBytes = configuration.organisationDocumentQuotaBytes
        licensingConfiguration.publicBase = configuration.http.publicBase
        licensingConfiguration.documentSigner = documentSigner
        // Processes sharing a PostgreSQL database share its document bytes too; SQLite is one
        // process, whose bytes stay files beside the database.
        let documentStore: any DocumentStore = database.kind == .postgres
            ? DatabaseDocumentStore(database: database)
            : FileSystemDocumentStore(root: configuration.documentsDirectory)
        let licensing = LicensingService(database: database, ledger: ledger, clock: clock, catalogue: catalogue,
                                         directory: LiveOrganisationDirectory(identity: identity),
                                         documentStore: documentStore,
                                         certificateKey: certificateKey, configuration: licensingConfiguration, logger: logger)
        let tradeCatalogue = try TradeCatalogue.load(directory: catalogueDirectory)
        let risk = RiskService(database: database, ledger: ledger, clock: clock, catalogue: try RiskCatalogue.load(directory: catalogueDirectory),
                               utcOffsetHours: tradeCatalogue.zoneTimeZone.secondsFromGMT() / 3600, logger: logger)
        let trade = TradeService(database: database, ledger: ledger, clock: clock,
                                 environment: LiveTradeEnvironment(identity: identity, licensing: licensing),
                                 catalogue: tradeCatalogue, logger: logger, screening: LiveDeclarationScreening(risk: risk))
        let programmes = ProgrammeService(database: database, ledger: ledger, clock: clock,
                                          environment: LiveProgrammeEnvironment(identity: identity, licensing: licensing,
                                                                                catalogue: catalogue, trade: trade, risk: risk, clock: clock))
        let exchange = ExchangeService(database: database, ledger: ledger, clock: clock,
                                       environment: LiveExchangeEnvironment(identity: identity, licensing: licensing, trade: trade),
                                       catalogue: try ExchangeCatalogue.load(directory: catalogueDirectory),
                                       signingKey: exchangeKey ?? NoteSigningKey(name: configuration.exchangeKeyName, privateKey: .init()),
                                       requestsPerSecond: configuration.exchangeRequestsPerSecond, logger: logger)
        var notificationConfiguration = NotificationService.Configuration()
        notificationConfiguration.allowInsecureHTTP = configuration.webhookAllowInsecureHTTP
        notificationConfiguration.allowedHosts = configuration.webhookAllowedHosts
        notificationConfiguration.retry.firstDelay = configuration.webhookFirstRetry
        let notifications = NotificationService(database: database, ledger: ledger, clock: clock,
                                                environment: LiveNotificationEnvironment(identity: identity),
                                                messages: MessageCatalogue.bundled, secrets: webhookSecrets,
                                                transport: webhookTransport ?? HTTPWebhookTransport(allowedHosts: configuration.webhookAllowedHosts),
                                                configuration: notificationConfiguration, logger: logger)
        capabilities = Capabilities(
            database: database, clock: clock, ledger: ledger, checkpoints: checkpoints,
            ledgerService: LedgerService(reader: LedgerReader(database: database), checkpoints: checkpoints),
            authentication: authentication, organisations: OrganisationService(base: identityBase, accounts: accounts),
            accounts: accounts, clients: ClientService(base: identityBase), catalogue: catalogue, licensing: licensing, programmes: programmes,
            trade: trade, risk: risk, exchange: exchange, notifications: notifications, idempotency: IdempotencyStore(database: database, clock: clock),
            migrations: try MigrationRunner(database: database, logger: logger), messages: MessageCatalogue.bundled,
            streamsPerPrincipal: configuration.streamsPerPrincipal, logger: logger)
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
                                           documentSigner: try DocumentSigners.load(configuration, now: clock.now(), logger: logger),
                                           clock: clock, logger: logger)
            try await services.migrations.migrate(clock: clock)
            try await services.checkpoints.registerKeys()
            try await services.catalogue.seed()
            // Search words for what was stored before they existed (a no-op once done).
            let organisations = try await services.directory.indexSearchText()
            let dossiers = try await services.licensing.indexSearchTerms()
            if organisations + dossiers > 0 {
                logger.notice("search index filled", metadata: ["organisations": "\(organisations)", "dossiers": "\(dossiers)"])
            }
            try await services.programmes.seed(directory: configuration.catalogueDirectory.map { URL(fileURLWithPath: $0) })
            return services
        } catch {
            await database.close()
            throw error
        }
    }

    public func shutdown() async { await capabilities.database.close() }

    /// The HTTP server with the background jobs beside it: the checkpoint signer, dwell-time
    /// alerts, the notification outbox and housekeeping.
    public func application(logger: Logger) throws -> some ApplicationProtocol {
        try ApplicationBuilder.application(
            services: capabilities, configuration: configuration.http,
            background: [CheckpointScheduler(checkpoints: capabilities.checkpoints),
                         PeriodicJob.alerts(capabilities.trade, interval: configuration.alertInterval, logger: logger),
                         PeriodicJob.notifications(capabilities.notifications, interval: configuration.notificationInterval, logger: logger),
                         PeriodicJob.housekeeping(self, interval: configuration.housekeepingInterval, logger: logger),
                         PeriodicJob.riskTraining(capabilities.risk, interval: configuration.riskTrainingInterval, logger: logger)],
            logger: logger)
    }
}
