import App
import ArgumentParser
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create demo organisations and accounts and print their credentials.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let services = try await AppServices.start(configuration, logger: logger)
        defer { Task { await services.shutdown() } }
        let accounts = try await DemoSeeder.seed(services: services, dataDirectory: configuration.dataDirectory)
        Self.print(accounts, dataDirectory: configuration.dataDirectory)
        await services.shutdown()
    }

    static func print(_ accounts: [String: DemoSeeder.Account], dataDirectory: String) {
        Swift.print("Demo accounts (also in \(dataDirectory)/\(DemoSeeder.fileName)):")
        for (role, account) in accounts.sorted(by: { $0.key < $1.key }) {
            if let username = account.username, let password = account.password {
                Swift.print("  \(role.padding(toLength: 19, withPad: " ", startingAt: 0)) username \(username)  password \(password)")
            } else if let clientId = account.clientId, let secret = account.clientSecret {
                Swift.print("  \(role.padding(toLength: 19, withPad: " ", startingAt: 0)) client_id \(clientId)  client_secret \(secret)")
            }
        }
    }
}
