import ArgumentParser

@main
struct FTZCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftz",
        abstract: "The free trade zone one-stop administration service.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Admin.self, LedgerCommand.self, RiskCommand.self],
        defaultSubcommand: Serve.self
    )
}
