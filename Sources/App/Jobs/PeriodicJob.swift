import Foundation
import Logging
import Notifications
import Risk
import ServiceLifecycle
import TradeData

/// Background work beside the HTTP server, one round every `interval` seconds (sooner while a
/// round reports more work waiting), stopping with the server. A failed round is logged and
/// the next one tries again: the work is idempotent and kept in the database.
struct PeriodicJob: Service {
    let name: String
    let interval: TimeInterval
    let logger: Logger
    /// One round; true when it did work and more may be waiting right away.
    let round: @Sendable () async throws -> Bool

    func run() async throws {
        // A service that returns ends the whole service group, the HTTP server with it: a job
        // switched off waits for shutdown instead.
        guard interval > 0 else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var busy = false
                do {
                    busy = try await round()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("background round failed", metadata: ["job": "\(name)", "error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(busy ? min(interval, 0.05) : interval))
            }
        }
    }

    /// Time-based alert rules (dwell time): a container left standing raises its alert with
    /// no new event to trigger it.
    static func alerts(_ trade: TradeService, interval: TimeInterval, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "alerts", interval: interval, logger: logger) {
            let opened = try await trade.evaluateDwellTimes()
            if !opened.isEmpty { logger.info("scheduled alerts opened", metadata: ["count": "\(opened.count)"]) }
            return false
        }
    }

    /// The notification outbox: new ledger entries become inbox notifications and webhook
    /// deliveries, then due deliveries are sent.
    static func notifications(_ notifications: NotificationService, interval: TimeInterval, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "notifications", interval: interval, logger: logger) {
            let made = try await notifications.project()
            let sent = try await notifications.deliverDue()
            if made > 0 || sent > 0 { logger.debug("notifications", metadata: ["created": "\(made)", "attempted": "\(sent)"]) }
            return sent > 0 || made > 0
        }
    }

    /// Forgets what has outlived its use: idempotency records past retention, document
    /// bytes no committed row refers to (an upload whose transaction failed after staging),
    /// raw telemetry past the zone's retention (its series stay; the purge logs itself), and
    /// login counters whose window closed with no lock in force.
    static func housekeeping(_ services: AppServices, interval: TimeInterval, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "housekeeping", interval: interval, logger: logger) {
            let keys = try await services.idempotency.purgeExpired()
            let orphans = try await services.licensing.sweepOrphanDocuments()
            try await services.trade.purgeTelemetry()
            let counters = try await services.authentication.purgeSpentLoginCounters()
            if keys > 0 || orphans > 0 || counters > 0 {
                logger.info("housekeeping", metadata: ["idempotency_keys_purged": "\(keys)", "orphan_documents_removed": "\(orphans)",
                                                       "login_counters_purged": "\(counters)"])
            }
            return false
        }
    }

    /// Retrains the risk model when outcomes arrived since the newest version; a round with
    /// nothing new, or too few outcomes yet, does nothing.
    static func riskTraining(_ risk: RiskService, interval: TimeInterval, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "risk-training", interval: interval, logger: logger) {
            _ = try await risk.trainIfNewOutcomes(by: .system("risk-training"))
            return false
        }
    }
}
