import App
import ArgumentParser

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Administration tasks.", subcommands: [BootstrapAdmin.self])
}

struct BootstrapAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bootstrap",
                                                    abstract: "Create the zone authority and its first administrator.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Username of the administrator.")
    var username = "admin"

    @Option(help: "Name of the zone authority organisation.")
    var zoneName = "Ban Quản lý Khu kinh tế Hải Phòng"

    @Option(help: "Password (at least 10 characters). Omit to generate one; it is printed once.")
    var password: String?

    func run() async throws {
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let services = try await AppServices.start(configuration, logger: logger)
        do {
            let result = try await Bootstrap.firstAdministrator(services: services, zoneName: zoneName, username: username,
                                                                password: password)
            print("administrator \(result.user.username) created in \(result.organisation.name)")
            if password == nil { print("password: \(result.password)  (shown once; store it now)") }
        } catch {
            await services.shutdown()
            throw error
        }
        await services.shutdown()
    }
}
