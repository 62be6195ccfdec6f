import Configuration
import Foundation
import Logging
import Storage

/// Every setting of the service, read from `FTZ_*` environment variables (and command-line
/// overrides) through swift-configuration. README's configuration table lists the same keys.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Where the embedded database, documents and generated keys live.
    public var dataDirectory = "./var"
    /// `postgres://…` to use PostgreSQL; unset means SQLite under the data directory.
    public var databaseURL: String?
    public var databasePoolSize = 8
    public var logLevel = Logger.Level.info
    /// `json` (one object per line) or `text` (for a terminal).
    public var logFormat = "json"
    /// Largest accepted request body in bytes (413 beyond).
    public var maximumBodyBytes = 1 << 20
    public var bcryptCost: UInt8 = 12
    public var userTokenLifetime: TimeInterval = 12 * 3600
    public var clientTokenLifetime: TimeInterval = 3600
    public var tokenCacheLifetime: TimeInterval = 5

    public init() {}

    /// Reads the configuration; keys are `ftz.port` ⇄ `FTZ_PORT` and so on.
    public init(reader: ConfigReader) {
        let defaults = ServerConfiguration()
        host = reader.string(forKey: "ftz.host", default: defaults.host)
        port = reader.int(forKey: "ftz.port", default: defaults.port)
        dataDirectory = reader.string(forKey: "ftz.data.dir", default: defaults.dataDirectory)
        databaseURL = reader.string(forKey: "ftz.database.url", isSecret: true)
        databasePoolSize = reader.int(forKey: "ftz.database.pool.size", default: defaults.databasePoolSize)
        logLevel = Logger.Level(rawValue: reader.string(forKey: "ftz.log.level", default: "info").lowercased()) ?? .info
        logFormat = reader.string(forKey: "ftz.log.format", default: defaults.logFormat)
        maximumBodyBytes = reader.int(forKey: "ftz.max.body.bytes", default: defaults.maximumBodyBytes)
        bcryptCost = UInt8(clamping: reader.int(forKey: "ftz.bcrypt.cost", default: Int(defaults.bcryptCost)))
        userTokenLifetime = TimeInterval(reader.int(forKey: "ftz.user.token.ttl", default: Int(defaults.userTokenLifetime)))
        clientTokenLifetime = TimeInterval(reader.int(forKey: "ftz.client.token.ttl", default: Int(defaults.clientTokenLifetime)))
        tokenCacheLifetime = TimeInterval(reader.int(forKey: "ftz.token.cache.seconds", default: Int(defaults.tokenCacheLifetime)))
    }

    /// The database to open: PostgreSQL if a URL is set, else `<data dir>/ftz.sqlite`.
    public var databaseLocation: DatabaseLocation {
        if let databaseURL, !databaseURL.isEmpty { return DatabaseLocation(url: databaseURL) }
        return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("ftz.sqlite").path)
    }
}
