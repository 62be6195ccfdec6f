import App
import ArgumentParser

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let services = try await AppServices.start(configuration, logger: logger)
        let status = try await services.migrations.status()
        print("migrations applied: \(status.applied.count), pending: \(status.pending.count)")
        await services.shutdown()
    }
}
