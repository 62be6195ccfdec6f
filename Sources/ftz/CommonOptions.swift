import App
import ArgumentParser
import Configuration
import Foundation
import Logging
import HTTPSupport

/// Options every command shares. Flags win over `FTZ_*` environment variables, which win
/// over the defaults.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory for the SQLite database and files (env FTZ_DATA_DIR, default ./var).")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "postgres://USER:PASSWORD@HOST:PORT/DB to use PostgreSQL (env FTZ_DATABASE_URL).")
    var databaseURL: String?

    func configuration(host: String? = nil, port: Int? = nil) -> ServerConfiguration {
        var overrides: [AbsoluteConfigKey: ConfigValue] = [:]
        if let dataDirectory { overrides["ftz.data.dir"] = .init(.string(dataDirectory), isSecret: false) }
        if let databaseURL { overrides["ftz.database.url"] = .init(.string(databaseURL), isSecret: true) }
        if let host { overrides["ftz.host"] = .init(.string(host), isSecret: false) }
        if let port { overrides["ftz.port"] = .init(.int(port), isSecret: false) }
        let reader = ConfigReader(providers: [InMemoryProvider(values: overrides), EnvironmentVariablesProvider()])
        return ServerConfiguration(reader: reader)
    }

    func logger(_ configuration: ServerConfiguration) -> Logger {
        LoggingSystem.bootstrap { label in
            if configuration.http.logFormat == "text" {
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = configuration.http.logLevel
                return handler
            }
            return JSONLogHandler(label: label, level: configuration.http.logLevel)
        }
        return Logger(label: "ftz")
    }
}
