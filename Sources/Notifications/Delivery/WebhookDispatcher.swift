import FTZCore
import Foundation
import Logging
import Storage

/// Sends due webhook deliveries, signed, and records every attempt.
///
/// A batch of due deliveries is claimed by pushing their next attempt a lease into the
/// future (PostgreSQL skips rows another worker has locked), sent concurrently, and the
/// outcomes written back in one transaction: 2xx is delivered for good, anything else is
/// retried per the ``RetryPolicy`` and after the last attempt marked failed.
struct WebhookDispatcher: Sendable {
    let database: Database
    let transport: any WebhookTransport
    let secrets: SecretSealer
    let policy: RetryPolicy
    let clock: any WallClock
    let logger: Logger
    let repository = NotificationRepository()
    let batchSize: Int
    let concurrency: Int
    let timeout: TimeInterval

    /// Sends what is due now; returns how many were attempted.
    func deliverDue() async throws -> Int {
        let now = clock.now()
        // Long enough for the whole batch to be sent one wave after another, each wave taking
        // at most the timeout: only a sender that died leaves rows for others to take again.
        let waves = (batchSize + concurrency - 1) / concurrency
        let lease = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(waves) * (timeout + 1) + 30).rounded())
        let claimed = try await database.transaction { tx in
            let due = try await repository.due(at: now, limit: batchSize, on: tx.sql)
            try await repository.lease(due.map(\.0.id), until: lease, on: tx.sql)
            return due
        }
        guard !claimed.isEmpty else { return 0 }
        let outcomes = await withTaskGroup(of: (WebhookDelivery, DeliveryAttempt).self) { group in
            var results: [(WebhookDelivery, DeliveryAttempt)] = []
            var pending = claimed[...]
            for _ in 0..<min(concurrency, claimed.count) {
                let next = pending.removeFirst()
                group.addTask { await attempt(next.0, url: next.url, secret: next.secret) }
            }
            for await outcome in group {
                results.append(outcome)
                if let next = pending.popFirst() { group.addTask { await attempt(next.0, url: next.url, secret: next.secret) } }
            }
            return results
        }
        try await database.transaction { tx in
            for (delivery, attempt) in outcomes { try await repository.record(delivery, attempt: attempt, leasedUntil: lease, on: tx.sql) }
        }
        let failed = outcomes.filter { $0.0.state == .failed }
        for (delivery, _) in failed {
            logger.warning("webhook delivery gave up", metadata: ["delivery": "\(delivery.id)", "endpoint": "\(delivery.endpointID)",
                                                                   "attempts": "\(delivery.attempts)", "error": "\(delivery.lastError ?? "")"])
        }
        return outcomes.count
    }

    private func attempt(_ delivery: WebhookDelivery, url: String, secret: String) async -> (WebhookDelivery, DeliveryAttempt) {
        let started = clock.now()
        let timestamp = Int64(started.timeIntervalSince1970)
        let body = Array(delivery.payload.utf8)
        var headers = [("content-type", "application/json"), ("user-agent", "ftz-webhooks/1"), ("webhook-id", delivery.id),
                       ("webhook-timestamp", String(timestamp))]
        // Never send unsigned: a secret that does not open (the sealing key was changed) fails the attempt.
        let result: Result<Int, WebhookTransportError>
        if let plain = try? secrets.open(secret, for: delivery.endpointID), let signature = WebhookSignature(secret: plain) {
            headers.append(("webhook-signature", signature.sign(id: delivery.id, timestamp: timestamp, body: body)))
            result = await transport.post(url: url, headers: headers, body: body, timeout: timeout)
        } else {
            result = .failure(WebhookTransportError(.secretUnavailable))
        }
        let finished = clock.now()
        var updated = delivery
        updated.attempts += 1
        let status: Int? = if case .success(let code) = result { code } else { nil }
        let error: String? = switch result {
        case .success(let code): (200..<300).contains(code) ? nil : "HTTP \(code)"
        case .failure(let failure): failure.description
        }
        updated.lastStatus = status
        updated.lastError = error
        if error == nil {
            updated.state = .delivered
            updated.deliveredAt = finished
        } else if let wait = policy.delay(afterAttempts: updated.attempts) {
            updated.nextAttemptAt = finished.addingTimeInterval(wait)
        } else {
            updated.state = .failed
        }
        let attempt = DeliveryAttempt(id: UUID.v7(at: started), deliveryID: delivery.id, attemptedAt: started, statusCode: status, error: error,
                                      durationMilliseconds: Int(finished.timeIntervalSince(started) * 1000))
        return (updated, attempt)
    }
}
