import App
import ArgumentParser
import Foundation
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP service (migrating the database first).")

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on (env FTZ_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env FTZ_PORT, default 8080).")
    var port: Int?

    @Flag(help: "Create demo organisations and accounts, print their credentials and write demo-credentials.json.")
    var demo = false

    func run() async throws {
        let configuration = common.configuration(host: host, port: port)
        let logger = common.logger(configuration)
        let services = try await AppServices.start(configuration, logger: logger)
        if demo {
            let accounts = try await DemoSeeder.seed(services: services, dataDirectory: configuration.dataDirectory)
            Demo.print(accounts, dataDirectory: configuration.dataDirectory)
        }
        let app = try services.application(logger: logger)
        // runService installs SIGTERM/SIGINT handlers: in-flight requests finish, then we close the pool.
        do {
            try await app.runService()
        } catch {
            await services.shutdown()
            throw error
        }
        await services.shutdown()
    }
}
