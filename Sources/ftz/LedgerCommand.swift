import App
import ArgumentParser
import Foundation
import Ledger
import Storage

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Audit-ledger tools.",
                                                    subcommands: [VerifyLedger.self])
}

struct VerifyLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the audit ledger.",
        discussion: """
            Without --url: recompute the hash chain and the Merkle tree from the database and check every stored \
            checkpoint against the configured signing keys (and any --trusted-key).
            With --url: audit a running service over HTTP as an outsider: check the checkpoint's signature by \
            --trusted-key, its consistency with the last checkpoint recorded in --state, and inclusion of sampled entries.
            Exits non-zero naming the index on any mismatch.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Base URL of a running service, e.g. http://127.0.0.1:8080 (remote audit).")
    var url: String?

    @Option(name: .customLong("trusted-key"), help: "A verifier key name+hexid+base64 (repeatable).")
    var trustedKeys: [String] = []

    @Option(help: "File keeping the last checkpoint seen (remote audit).")
    var state: String?

    @Option(help: "Entries to sample for inclusion proofs (remote audit).")
    var samples = 16

    @Option(help: "Bearer token of an auditor, to also check sampled entries' bytes (remote audit).")
    var token: String?

    func run() async throws {
        let keys = try trustedKeys.map { try NoteVerifierKey(parsing: $0) }
        if let url {
            try await RemoteVerification(baseURL: url, trustedKeys: keys, statePath: state, samples: samples, token: token).run()
        } else {
            try await verifyDatabase(extraKeys: keys)
        }
    }

    private func verifyDatabase(extraKeys: [NoteVerifierKey]) async throws {
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let services = try await AppServices.start(configuration, logger: logger)
        let verifier = LedgerVerifier(database: services.database, origin: configuration.ledgerOrigin,
                                      trustedKeys: services.checkpoints.currentVerifierKeys + extraKeys)
        let lastReport = ProgressPrinter()
        do {
            let report = try await verifier.verify { done, total in lastReport.print(done, total) }
            print("ledger verified: \(report.entries) entries, \(report.checkpoints) checkpoints, root \(Data(report.root).base64EncodedString())")
            let megabytes = Double(report.bytes) / 1_048_576
            print(String(format: "%.1f MB of entries; hashing %.2f s (%.1f MB/s); total %.2f s", megabytes, report.hashingSeconds,
                         megabytes / max(report.hashingSeconds, 1e-9), report.totalSeconds))
            await services.shutdown()
        } catch let mismatch as LedgerVerifier.Mismatch {
            await services.shutdown()
            FileHandle.standardError.write(Data("LEDGER VERIFICATION FAILED at \(mismatch)\n".utf8))
            throw ExitCode(2)
        } catch {
            await services.shutdown()
            throw error
        }
    }
}

/// Prints progress to standard error at most every 5 % of a long run.
final class ProgressPrinter: @unchecked Sendable {
    private var lastPercent = -5

    func print(_ done: Int64, _ total: Int64) {
        guard total > 100_000 else { return }
        let percent = Int(done * 100 / max(total, 1))
        if percent >= lastPercent + 5 {
            lastPercent = percent
            FileHandle.standardError.write(Data("verified \(done)/\(total) entries (\(percent)%)\n".utf8))
        }
    }
}
