import App
import ArgumentParser
import Foundation
import Risk

struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "risk", abstract: "Risk targeting of customs declarations.",
                                                    subcommands: [TrainRisk.self])
}

struct TrainRisk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the next risk model version from the recorded inspection outcomes, store it and ledger it.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let services = try await AppServices.start(configuration, logger: logger)
        do {
            let version = try await services.risk.train(by: .system("ftz-risk-train"))
            print("risk model v\(version.version): \(version.trainingRows) inspected declarations, \(version.findings) findings")
            print("training digest \(version.trainingDigest)")
            if let metrics = version.metrics {
                print(String(format: "held-out newest fifth: AUC %.3f, precision at 1 %% %.1f %%, at 5 %% %.1f %%, revenue recall at 5 %% %.1f %%",
                             metrics.auc, metrics.precisionAt1 * 100, metrics.precisionAt5 * 100, metrics.revenueRecallAt5 * 100))
            } else {
                print("no held-out metrics: the newest fifth lacks a finding or a clean result")
            }
            print(String(format: "lane thresholds: red ≥ %.4f, yellow ≥ %.4f", version.thresholds.red, version.thresholds.yellow))
        } catch {
            await services.shutdown()
            throw error
        }
        await services.shutdown()
    }
}
