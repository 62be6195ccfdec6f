import Ledger
import ServiceLifecycle

/// Runs the ledger's checkpoint signer beside the HTTP server, stopping with it.
struct CheckpointScheduler: Service {
    let checkpoints: CheckpointService

    func run() async throws {
        // Cancelled on graceful shutdown, after which one last checkpoint covers every entry.
        await cancelWhenGracefulShutdown { await checkpoints.run() }
        _ = try? await checkpoints.checkpointNow()
    }
}
