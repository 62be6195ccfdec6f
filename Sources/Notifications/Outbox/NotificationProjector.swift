import FTZCore
import Foundation
import Ledger
import Localization
import Logging
import Storage

/// Turns ledger entries into inbox notifications and pending webhook deliveries.
///
/// The ledger is the outbox: a dossier change and its entry commit together, so reading the
/// ledger from a stored cursor sees every change exactly once. Each batch of notifications,
/// their deliveries and the advanced cursor commit in one transaction; the cursor row is
/// locked meanwhile, so two processes never project the same entries.
struct NotificationProjector: Sendable {
    let database: Database
    let reader: LedgerReader
    let rules: NotificationRules
    let environment: any NotificationEnvironment
    let clock: any WallClock
    let repository = NotificationRepository()
    let batchSize: Int

    /// Projects everything appended since the cursor; returns how many notifications it made.
    func catchUp() async throws -> Int {
        var made = 0
        while true {
            let (count, more) = try await projectBatch()
            made += count
            if !more { return made }
        }
    }

    private func projectBatch() async throws -> (made: Int, more: Bool) {
        let start = try await database.read { try await repository.cursor(locking: false, on: $0) }
        let entries = try await reader.entries(start: start, end: nil, limit: batchSize, organisation: nil)
        guard let last = entries.last else { return (0, false) }
        var languages: [UUID: Language] = [:]
        for organisation in Set(entries.compactMap(\.organisationID)) {
            languages[organisation] = try await environment.preferredLanguage(of: organisation) ?? .default
        }
        let now = clock.now()
        let preferred = languages
        let made = try await database.transaction { tx in
            // Another process moved the cursor meanwhile: leave this batch to it.
            guard try await repository.cursor(locking: true, on: tx.sql) == start else { return 0 }
            let endpoints = Dictionary(grouping: try await repository.endpoints(organisation: nil, enabledOnly: true, on: tx.sql),
                                       by: \.organisationID)
            var deliveries: [WebhookDelivery] = []
            var made = 0
            for entry in entries {
                guard let organisation = entry.organisationID, let language = preferred[organisation],
                      let drafted = rules.draft(entry, language: language)
                else { continue }
                let notification = InboxNotification(
                    id: UUID.v7(at: now), organisationID: organisation, ledgerIndex: entry.index, eventType: drafted.eventType,
                    subjectType: entry.subjectType, subjectID: entry.subjectID, language: language.rawValue, title: drafted.title,
                    body: drafted.body, data: drafted.data, createdAt: now, readAt: nil)
                guard try await repository.insert(notification, on: tx.sql) else { continue }
                made += 1
                for endpoint in endpoints[organisation] ?? [] where endpoint.wants(drafted.eventType) {
                    deliveries.append(WebhookDelivery(
                        id: "msg_" + UUID.v7(at: now).uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                        endpointID: endpoint.id, notificationID: notification.id, organisationID: organisation,
                        eventType: drafted.eventType, payload: Self.payload(notification, at: entry.createdAt).canonicalString,
                        state: .pending, attempts: 0, nextAttemptAt: now, lastStatus: nil, lastError: nil, deliveredAt: nil, createdAt: now))
                }
            }
            try await repository.insert(deliveries, on: tx.sql)
            try await repository.setCursor(last.index + 1, on: tx.sql)
            return made
        }
        return (made, entries.count == batchSize)
    }

    /// The webhook body, in the Standard Webhooks shape: `type`, `timestamp`, `data`.
    static func payload(_ notification: InboxNotification, at time: Date) -> JSONValue {
        var data: [String: JSONValue] = [
            "notificationId": .string(notification.id.lowercasedString), "organisationId": .string(notification.organisationID.lowercasedString),
            "subject": ["type": .string(notification.subjectType), "id": .string(notification.subjectID)],
            "ledgerIndex": .integer(notification.ledgerIndex), "language": .string(notification.language),
            "title": .string(notification.title), "body": .string(notification.body),
        ]
        if case .object(let facts) = notification.data { for (key, value) in facts where value != .null { data[key] = value } }
        return ["type": .string(notification.eventType), "timestamp": .string(RFC3339.format(time)), "data": .object(data)]
    }
}
