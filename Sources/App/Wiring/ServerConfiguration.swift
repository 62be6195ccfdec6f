import Configuration
import FTZCore
import Foundation
import Logging
import HTTPSupport
import Storage

/// Every setting of the service, read from `FTZ_*` environment variables (and command-line
/// overrides) through swift-configuration. README's configuration table lists the same keys.
public struct ServerConfiguration: Sendable {
    /// Where to listen, timeouts, body limits, trusted proxies, the metrics token and the
    /// log format: what the HTTP layer reads, declared once there.
    public var http = HTTPSettings()
    /// Where the embedded database, documents and generated keys live.
    public var dataDirectory = "./var"
    /// `postgres://…` to use PostgreSQL; unset means SQLite under the data directory.
    public var databaseURL: String?
    public var databasePoolSize = 8
    public var bcryptCost: UInt8 = 12
    public var userTokenLifetime: TimeInterval = 12 * 3600
    public var clientTokenLifetime: TimeInterval = 3600
    public var tokenCacheLifetime: TimeInterval = 5
    /// Self-registrations and invitation acceptances per client address per hour.
    public var selfServicePerHour: Double = 20
    /// The ledger's name: first line of every checkpoint and the signing key's name.
    public var ledgerOrigin = "hpftz.gov.vn/ledger"
    /// Signing keys inline (`PRIVATE+KEY+…` lines); a secret.
    public var ledgerSigningKey: String?
    /// …or in a file. With neither, a development key is generated under the data directory.
    public var ledgerSigningKeyFile: String?
    /// The key personal data in ledger entries is HMAC'd with (base64 of 32 bytes), inline
    /// or in a file; with neither, a development key is generated under the data directory.
    public var ledgerPersonalDataKey: String?
    public var ledgerPersonalDataKeyFile: String?
    public var developmentPersonalDataKeyFile: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("ledger-personal-data.key").path
    }
    public var checkpointInterval: TimeInterval = 10
    public var checkpointEntries: Int64 = 1000
    /// Bytes of documents one organisation may keep in all its dossiers (413 beyond).
    public var organisationDocumentQuotaBytes: Int64 = 2 << 30
    /// Seconds between scheduled alert evaluations (dwell time grows without any event).
    public var alertInterval: TimeInterval = 60
    /// Seconds between risk-model training rounds (each trains only if outcomes arrived since
    /// the newest model); 0 turns the schedule off.
    public var riskTrainingInterval: TimeInterval = 86_400
    /// Live trade streams (`GET /v1/trade/stream`) one principal may hold at once (429 beyond).
    public var streamsPerPrincipal = 4
    /// Seconds between housekeeping rounds (expired idempotency keys, orphan document bytes).
    public var housekeepingInterval: TimeInterval = 3600
    /// Seconds between rounds of the notification outbox (ledger → inbox, due webhooks); 0 stops it.
    public var notificationInterval: TimeInterval = 1
    /// Accept plain `http://` webhook receivers (development only; production wants https).
    public var webhookAllowInsecureHTTP = false
    /// Receiver hosts exempt from the internal-address check: for tests and benchmarks with a
    /// receiver on loopback, never for production.
    public var webhookAllowedHosts: Set<String> = []
    /// Seconds before the first webhook retry; each later retry waits twice as long.
    public var webhookFirstRetry: TimeInterval = 30
    /// The key webhook signing secrets are sealed with at rest (base64 of 32 bytes), inline or
    /// in a file; with neither, a development key is generated under the data directory.
    public var webhookSecretKey: String?
    public var webhookSecretKeyFile: String?

    public var developmentWebhookSecretKeyFile: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("webhook-secret.key").path
    }
    /// Another zone's catalogue folder (`zone.yaml`, `procedures/`, `calendar/`…); unset:
    /// the Hai Phong FTZ catalogue compiled into the binary.
    public var catalogueDirectory: String?
    /// Certificate signing key(s) inline or in a file, as for the ledger; with neither, a
    /// development key is generated under the data directory.
    public var certificateSigningKey: String?
    public var certificateSigningKeyFile: String?

    /// Signing key(s) of inter-agency answers, inline or in a file; with neither, a
    /// development key is generated under the data directory.
    public var exchangeSigningKey: String?
    public var exchangeSigningKeyFile: String?
    /// Queries per second each exchange client may make (bursts of twice that); 0: no limit.
    public var exchangeRequestsPerSecond: Double = 100

    public init() {}

    /// The name of exchange signing keys: the ledger's origin host with `/exchange`.
    public var exchangeKeyName: String { ledgerOrigin.split(separator: "/").first.map { "\($0)/exchange" } ?? "exchange" }

    public var developmentExchangeKeyFile: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("exchange-signing.key").path
    }

    /// The name of certificate signing keys: the ledger's origin with `/certificates`.
    public var certificateKeyName: String { ledgerOrigin.split(separator: "/").first.map { "\($0)/certificates" } ?? "certificates" }

    public var documentsDirectory: URL { URL(fileURLWithPath: dataDirectory).appendingPathComponent("documents") }

    /// The Authority's PDF-signing key and its certificate chain (PEM: the signing
    /// certificate first, then the CAs); without both, a development CA in
    /// ``developmentDocumentSigningDirectory`` signs, with a warning at start-up.
    public var documentSigningKeyFile: String?
    public var documentSigningChainFile: String?

    public var developmentDocumentSigningDirectory: URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("document-signing", isDirectory: true)
    }

    public var developmentCertificateKeyFile: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("certificate-signing.key").path
    }

    /// Where a development signing key is kept when none is configured.
    public var developmentSigningKeyFile: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("ledger-signing.key").path
    }

    /// Reads the configuration; keys are `ftz.port` ⇄ `FTZ_PORT` and so on.
    public init(reader: ConfigReader) {
        let defaults = ServerConfiguration()
        http.host = reader.string(forKey: "ftz.host", default: defaults.http.host)
        http.port = reader.int(forKey: "ftz.port", default: defaults.http.port)
        dataDirectory = reader.string(forKey: "ftz.data.dir", default: defaults.dataDirectory)
        databaseURL = reader.string(forKey: "ftz.database.url", isSecret: true)
        databasePoolSize = reader.int(forKey: "ftz.database.pool.size", default: defaults.databasePoolSize)
        http.idleTimeout = reader.double(forKey: "ftz.http.idle.timeout.seconds", default: defaults.http.idleTimeout)
        http.readTimeout = reader.double(forKey: "ftz.http.read.timeout.seconds", default: defaults.http.readTimeout)
        http.trustedProxies = reader.string(forKey: "ftz.trusted.proxies", default: "").split(separator: ",")
            .compactMap { IPNetwork(String($0)) }
        http.trustedProxyHeader = reader.string(forKey: "ftz.trusted.proxy.header", default: defaults.http.trustedProxyHeader).lowercased()
        http.metricsToken = reader.string(forKey: "ftz.metrics.token", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        http.publicURL = reader.string(forKey: "ftz.public.url").flatMap { $0.isEmpty ? nil : $0 }
        http.logLevel = Logger.Level(rawValue: reader.string(forKey: "ftz.log.level", default: "info").lowercased()) ?? .info
        http.logFormat = reader.string(forKey: "ftz.log.format", default: defaults.http.logFormat)
        http.maximumBodyBytes = reader.int(forKey: "ftz.max.body.bytes", default: defaults.http.maximumBodyBytes)
        bcryptCost = UInt8(clamping: reader.int(forKey: "ftz.bcrypt.cost", default: Int(defaults.bcryptCost)))
        userTokenLifetime = TimeInterval(reader.int(forKey: "ftz.user.token.ttl", default: Int(defaults.userTokenLifetime)))
        clientTokenLifetime = TimeInterval(reader.int(forKey: "ftz.client.token.ttl", default: Int(defaults.clientTokenLifetime)))
        tokenCacheLifetime = TimeInterval(reader.int(forKey: "ftz.token.cache.seconds", default: Int(defaults.tokenCacheLifetime)))
        selfServicePerHour = reader.double(forKey: "ftz.selfservice.per.hour", default: defaults.selfServicePerHour)
        ledgerOrigin = reader.string(forKey: "ftz.ledger.origin", default: defaults.ledgerOrigin)
        ledgerSigningKey = reader.string(forKey: "ftz.ledger.signing.key", isSecret: true)
        ledgerSigningKeyFile = reader.string(forKey: "ftz.ledger.signing.key.file")
        ledgerPersonalDataKey = reader.string(forKey: "ftz.ledger.personal.data.key", isSecret: true)
        ledgerPersonalDataKeyFile = reader.string(forKey: "ftz.ledger.personal.data.key.file")
        checkpointInterval = TimeInterval(reader.int(forKey: "ftz.ledger.checkpoint.seconds", default: Int(defaults.checkpointInterval)))
        checkpointEntries = Int64(reader.int(forKey: "ftz.ledger.checkpoint.entries", default: Int(defaults.checkpointEntries)))
        http.maximumDocumentBytes = reader.int(forKey: "ftz.document.max.bytes", default: defaults.http.maximumDocumentBytes)
        organisationDocumentQuotaBytes = Int64(reader.int(forKey: "ftz.document.quota.bytes", default: Int(defaults.organisationDocumentQuotaBytes)))
        http.maximumFeedBytes = reader.int(forKey: "ftz.feed.max.bytes", default: defaults.http.maximumFeedBytes)
        alertInterval = TimeInterval(reader.int(forKey: "ftz.alert.interval.seconds", default: Int(defaults.alertInterval)))
        riskTrainingInterval = TimeInterval(reader.int(forKey: "ftz.risk.training.interval.seconds", default: Int(defaults.riskTrainingInterval)))
        streamsPerPrincipal = reader.int(forKey: "ftz.streams.per.principal", default: defaults.streamsPerPrincipal)
        housekeepingInterval = reader.double(forKey: "ftz.housekeeping.interval.seconds", default: defaults.housekeepingInterval)
        notificationInterval = reader.double(forKey: "ftz.notification.interval.seconds", default: defaults.notificationInterval)
        webhookAllowInsecureHTTP = reader.bool(forKey: "ftz.webhook.allow.http", default: defaults.webhookAllowInsecureHTTP)
        webhookAllowedHosts = Set(reader.string(forKey: "ftz.webhook.allowed.hosts", default: "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        webhookFirstRetry = reader.double(forKey: "ftz.webhook.first.retry.seconds", default: defaults.webhookFirstRetry)
        webhookSecretKey = reader.string(forKey: "ftz.webhook.secret.key", isSecret: true)
        webhookSecretKeyFile = reader.string(forKey: "ftz.webhook.secret.key.file")
        catalogueDirectory = reader.string(forKey: "ftz.catalogue.dir")
        documentSigningKeyFile = reader.string(forKey: "ftz.document.signing.key.file").flatMap { $0.isEmpty ? nil : $0 }
        documentSigningChainFile = reader.string(forKey: "ftz.document.signing.chain.file").flatMap { $0.isEmpty ? nil : $0 }
        certificateSigningKey = reader.string(forKey: "ftz.certificate.signing.key", isSecret: true)
        certificateSigningKeyFile = reader.string(forKey: "ftz.certificate.signing.key.file")
        exchangeSigningKey = reader.string(forKey: "ftz.exchange.signing.key", isSecret: true)
        exchangeSigningKeyFile = reader.string(forKey: "ftz.exchange.signing.key.file")
        exchangeRequestsPerSecond = Double(reader.int(forKey: "ftz.exchange.rate", default: Int(defaults.exchangeRequestsPerSecond)))
    }

    /// The database to open: PostgreSQL if a URL is set, else `<data dir>/ftz.sqlite`.
    public var databaseLocation: DatabaseLocation {
        if let databaseURL, !databaseURL.isEmpty { return DatabaseLocation(url: databaseURL) }
        return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("ftz.sqlite").path)
    }
}
