import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

@main
struct FTZCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftz",
        abstract: "The free trade zone one-stop administration service.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Admin.self, LedgerCommand.self, RiskCommand.self],
        defaultSubcommand: Serve.self
    )

    /// Runs Swift concurrency's jobs on NIO's event loops, where the connections already
    /// live, instead of handing every request between those loops and Dispatch's threads
    /// (two thread switches a request, a large share of a small request's cost on two
    /// cores). `FTZ_EVENT_LOOP_EXECUTOR=off` keeps Dispatch, to compare. Blocking work has
    /// threads of its own (SQLite's, bcrypt's pool, the catalogue's deep stack), so no job
    /// here holds a loop.
    static func main() async {
        if ProcessInfo.processInfo.environment["FTZ_EVENT_LOOP_EXECUTOR"]?.lowercased() != "off" {
            _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
