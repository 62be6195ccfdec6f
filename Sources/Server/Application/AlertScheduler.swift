import Foundation
import Logging
import ServiceLifecycle
import TradeData

/// Evaluates the time-based alert rules (dwell time) on a schedule beside the HTTP server:
/// a container left standing raises its alert with no new event to trigger it.
struct AlertScheduler: Service {
    let trade: TradeService
    let interval: TimeInterval
    let logger: Logger

    func run() async throws {
        guard interval > 0 else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let opened = try await trade.evaluateDwellTimes()
                    if !opened.isEmpty { logger.info("scheduled alerts opened", metadata: ["count": "\(opened.count)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("scheduled alert evaluation failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }
}
