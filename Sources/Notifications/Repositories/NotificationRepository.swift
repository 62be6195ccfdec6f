import FTZCore
import Foundation
import SQLKit
import Storage

/// The inbox, endpoint, delivery and attempt tables, and the outbox cursor.
struct NotificationRepository: Sendable {
    // MARK: Cursor

    func cursor(locking: Bool, on sql: any SQLDatabase) async throws -> Int64 {
        struct Row: Decodable { let ledger_index: Int64 }
        let row = try await sql.raw("SELECT ledger_index FROM notification_cursor WHERE id = 1\(unsafeRaw: sql.rowLock(locking))")
            .first(decoding: Row.self)
        return row?.ledger_index ?? 0
    }

    func setCursor(_ index: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE notification_cursor SET ledger_index = \(bind: index) WHERE id = 1").run()
    }

    // MARK: Inbox

    struct NotificationRow: Decodable {
        let id: UUID
        let organisation_id: UUID
        let ledger_index: Int64
        let event_type: String
        let subject_type: String
        let subject_id: String
        let language: String
        let title: String
        let body: String
        let data: String
        let created_at: Date
        let read_at: Date?

        var model: InboxNotification {
            InboxNotification(id: id, organisationID: organisation_id, ledgerIndex: ledger_index, eventType: event_type,
                              subjectType: subject_type, subjectID: subject_id, language: language, title: title, body: body,
                              data: (try? JSONValue(parsing: Array(data.utf8))) ?? [:], createdAt: created_at, readAt: read_at)
        }
    }

    static let notificationColumns =
        "id, organisation_id, ledger_index, event_type, subject_type, subject_id, language, title, body, data, created_at, read_at"

    /// Inserts unless the organisation already has a notification for this ledger entry.
    func insert(_ notification: InboxNotification, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            INSERT INTO notifications (id, organisation_id, ledger_index, event_type, subject_type, subject_id, language, title, body,
                                       data, created_at)
            VALUES (\(bind: notification.id), \(bind: notification.organisationID), \(bind: notification.ledgerIndex),
                    \(bind: notification.eventType), \(bind: notification.subjectType), \(bind: notification.subjectID),
                    \(bind: notification.language), \(bind: notification.title), \(bind: notification.body),
                    \(bind: notification.data.canonicalString), \(bind: notification.createdAt))
            ON CONFLICT DO NOTHING RETURNING id
            """).all()).isEmpty
    }

    /// Newest first; `before` is the id of the last item of the previous page.
    func inbox(organisation: UUID, unreadOnly: Bool, before: UUID?, limit: Int, on sql: any SQLDatabase) async throws -> [InboxNotification] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.notificationColumns) FROM notifications WHERE organisation_id = \(bind: organisation)")
        if unreadOnly { query = query + " AND read_at IS NULL" }
        if let before { query = query + " AND id < \(bind: before)" }
        query = query + " ORDER BY id DESC LIMIT \(bind: limit)"
        return try await sql.raw(query).all(decoding: NotificationRow.self).map(\.model)
    }

    func unreadCount(organisation: UUID, on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let count: Int }
        return try await sql.raw("SELECT COUNT(*) AS count FROM notifications WHERE organisation_id = \(bind: organisation) AND read_at IS NULL")
            .first(decoding: Row.self)?.count ?? 0
    }

    func notification(_ id: UUID, on sql: any SQLDatabase) async throws -> InboxNotification? {
        try await sql.raw("SELECT \(unsafeRaw: Self.notificationColumns) FROM notifications WHERE id = \(bind: id)")
            .first(decoding: NotificationRow.self)?.model
    }

    func markRead(_ id: UUID, at: Date?, by reader: String?, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE notifications SET read_at = \(bind: at), read_by = \(bind: reader) WHERE id = \(bind: id)").run()
    }

    func markAllRead(organisation: UUID, at: Date, by reader: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            UPDATE notifications SET read_at = \(bind: at), read_by = \(bind: reader)
            WHERE organisation_id = \(bind: organisation) AND read_at IS NULL RETURNING id
            """).all().count
    }

    // MARK: Endpoints

    struct EndpointRow: Decodable {
        let id: UUID
        let organisation_id: UUID
        let url: String
        let secret: String
        let description: String
        let event_types: String
        let enabled: Bool
        let created_by: String
        let created_at: Date
        let disabled_at: Date?

        var model: WebhookEndpoint {
            let types: [String] = if case .array(let items)? = try? JSONValue(parsing: Array(event_types.utf8)) { items.compactMap(\.stringValue) } else { [] }
            return WebhookEndpoint(id: id, organisationID: organisation_id, url: url, secret: secret, description: description,
                                   eventTypes: types, enabled: enabled, createdBy: created_by, createdAt: created_at, disabledAt: disabled_at)
        }
    }

    static let endpointColumns = "id, organisation_id, url, secret, description, event_types, enabled, created_by, created_at, disabled_at"

    func insert(_ endpoint: WebhookEndpoint, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO webhook_endpoints (\(unsafeRaw: Self.endpointColumns))
            VALUES (\(bind: endpoint.id), \(bind: endpoint.organisationID), \(bind: endpoint.url), \(bind: endpoint.secret),
                    \(bind: endpoint.description), \(bind: JSONValue.array(endpoint.eventTypes.map(JSONValue.string)).canonicalString),
                    \(bind: endpoint.enabled), \(bind: endpoint.createdBy), \(bind: endpoint.createdAt), \(bind: endpoint.disabledAt))
            """).run()
    }

    func endpoints(organisation: UUID?, enabledOnly: Bool, on sql: any SQLDatabase) async throws -> [WebhookEndpoint] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.endpointColumns) FROM webhook_endpoints WHERE 1 = 1")
        if let organisation { query = query + " AND organisation_id = \(bind: organisation)" }
        if enabledOnly { query = query + " AND enabled = \(bind: true)" }
        return try await sql.raw(query + " ORDER BY created_at, id").all(decoding: EndpointRow.self).map(\.model)
    }

    func endpoint(_ id: UUID, on sql: any SQLDatabase) async throws -> WebhookEndpoint? {
        try await sql.raw("SELECT \(unsafeRaw: Self.endpointColumns) FROM webhook_endpoints WHERE id = \(bind: id)")
            .first(decoding: EndpointRow.self)?.model
    }

    func disable(_ id: UUID, at: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE webhook_endpoints SET enabled = \(bind: false), disabled_at = \(bind: at) WHERE id = \(bind: id)").run()
    }

    // MARK: Deliveries

    struct DeliveryRow: Decodable {
        let id: String
        let endpoint_id: UUID
        let notification_id: UUID
        let organisation_id: UUID
        let event_type: String
        let payload: String
        let state: String
        let attempts: Int
        let next_attempt_at: Date
        let last_status: Int?
        let last_error: String?
        let delivered_at: Date?
        let created_at: Date

        var model: WebhookDelivery {
            WebhookDelivery(id: id, endpointID: endpoint_id, notificationID: notification_id, organisationID: organisation_id,
                            eventType: event_type, payload: payload, state: .init(rawValue: state) ?? .pending, attempts: attempts,
                            nextAttemptAt: next_attempt_at, lastStatus: last_status, lastError: last_error, deliveredAt: delivered_at,
                            createdAt: created_at)
        }
    }

    static let deliveryColumns = """
        id, endpoint_id, notification_id, organisation_id, event_type, payload, state, attempts, next_attempt_at, last_status, \
        last_error, delivered_at, created_at
        """

    func insert(_ deliveries: [WebhookDelivery], on sql: any SQLDatabase) async throws {
        for slice in SQLBatch.slices(deliveries) {
            let rows = slice.map { delivery -> SQLQueryString in
                """
                (\(bind: delivery.id), \(bind: delivery.endpointID), \(bind: delivery.notificationID), \(bind: delivery.organisationID), \
                \(bind: delivery.eventType), \(bind: delivery.payload), \(bind: delivery.state.rawValue), \(bind: delivery.attempts), \
                \(bind: delivery.nextAttemptAt), \(bind: delivery.lastStatus), \(bind: delivery.lastError), \(bind: delivery.deliveredAt), \
                \(bind: delivery.createdAt))
                """
            }
            try await sql.raw("INSERT INTO webhook_deliveries (\(unsafeRaw: Self.deliveryColumns)) VALUES " + SQLBatch.joined(rows)).run()
        }
    }

    func delivery(_ id: String, on sql: any SQLDatabase) async throws -> WebhookDelivery? {
        try await sql.raw("SELECT \(unsafeRaw: Self.deliveryColumns) FROM webhook_deliveries WHERE id = \(bind: id)")
            .first(decoding: DeliveryRow.self)?.model
    }

    /// Newest first, `before` being the last id of the previous page.
    func deliveries(endpoint: UUID, state: WebhookDelivery.State?, before: String?, limit: Int,
                    on sql: any SQLDatabase) async throws -> [WebhookDelivery] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.deliveryColumns) FROM webhook_deliveries WHERE endpoint_id = \(bind: endpoint)")
        if let state { query = query + " AND state = \(bind: state.rawValue)" }
        if let before { query = query + " AND id < \(bind: before)" }
        return try await sql.raw(query + " ORDER BY id DESC LIMIT \(bind: limit)").all(decoding: DeliveryRow.self).map(\.model)
    }

    /// Deliveries due now on enabled endpoints, oldest due first, with where they go.
    func due(at now: Date, limit: Int, on sql: any SQLDatabase) async throws -> [(WebhookDelivery, url: String, secret: String)] {
        struct Row: Decodable {
            let id: String
            let payload: String
            let attempts: Int
            let url: String
            let secret: String
            let endpoint_id: UUID
            let notification_id: UUID
            let organisation_id: UUID
            let event_type: String
            let next_attempt_at: Date
            let created_at: Date
        }
        return try await sql.raw("""
            SELECT d.id, d.payload, d.attempts, e.url, e.secret, d.endpoint_id, d.notification_id, d.organisation_id, d.event_type,
                   d.next_attempt_at, d.created_at
            FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            WHERE d.state = 'pending' AND d.next_attempt_at <= \(bind: now) AND e.enabled = \(bind: true)
            ORDER BY d.next_attempt_at LIMIT \(bind: limit)\(unsafeRaw: sql.claimLock(of: "d"))
            """).all(decoding: Row.self).map { row in
            (WebhookDelivery(id: row.id, endpointID: row.endpoint_id, notificationID: row.notification_id, organisationID: row.organisation_id,
                             eventType: row.event_type, payload: row.payload, state: .pending, attempts: row.attempts,
                             nextAttemptAt: row.next_attempt_at, lastStatus: nil, lastError: nil, deliveredAt: nil, createdAt: row.created_at),
             row.url, row.secret)
        }
    }

    /// Pushes the claimed deliveries' next attempt past `until`, so no other worker takes them meanwhile.
    func lease(_ ids: [String], until: Date, on sql: any SQLDatabase) async throws {
        for slice in SQLBatch.slices(ids) {
            let list = SQLBatch.joined(slice.map { id -> SQLQueryString in "\(bind: id)" })
            try await sql.raw("UPDATE webhook_deliveries SET next_attempt_at = \(bind: until) WHERE id IN (" + list + ")").run()
        }
    }

    /// Writes an attempt's outcome if the delivery is still under the lease this sender took;
    /// after a replay or another sender's claim the state is theirs to write (the attempt is
    /// logged either way).
    func record(_ delivery: WebhookDelivery, attempt: DeliveryAttempt, leasedUntil lease: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE webhook_deliveries SET state = \(bind: delivery.state.rawValue), attempts = attempts + 1,
                next_attempt_at = \(bind: delivery.nextAttemptAt), last_status = \(bind: delivery.lastStatus),
                last_error = \(bind: delivery.lastError), delivered_at = \(bind: delivery.deliveredAt)
            WHERE id = \(bind: delivery.id) AND state = 'pending' AND next_attempt_at = \(bind: lease)
            """).run()
        try await sql.raw("""
            INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status_code, error, duration_ms)
            VALUES (\(bind: attempt.id), \(bind: attempt.deliveryID), \(bind: attempt.attemptedAt), \(bind: attempt.statusCode),
                    \(bind: attempt.error), \(bind: attempt.durationMilliseconds))
            """).run()
    }

    func replay(_ id: String, at now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    struct AttemptRow: Decodable {
        let id: UUID
        let delivery_id: String
        let attempted_at: Date
        let status_code: Int?
        let error: String?
        let duration_ms: Int
    }

    func attempts(delivery: String, on sql: any SQLDatabase) async throws -> [DeliveryAttempt] {
        try await sql.raw("""
            SELECT id, delivery_id, attempted_at, status_code, error, duration_ms FROM webhook_attempts
            WHERE delivery_id = \(bind: delivery) ORDER BY attempted_at, id
            """).all(decoding: AttemptRow.self).map {
            DeliveryAttempt(id: $0.id, deliveryID: $0.delivery_id, attemptedAt: $0.attempted_at, statusCode: $0.status_code, error: $0.error,
                            durationMilliseconds: $0.duration_ms)
        }
    }

    func counts(endpoint: UUID?, on sql: any SQLDatabase) async throws -> [WebhookDelivery.State: Int] {
        struct Row: Decodable { let state: String; let count: Int }
        var query = SQLQueryString("SELECT state, COUNT(*) AS count FROM webhook_deliveries")
        if let endpoint { query = query + " WHERE endpoint_id = \(bind: endpoint)" }
        let rows = try await sql.raw(query + " GROUP BY state").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in WebhookDelivery.State(rawValue: row.state).map { ($0, row.count) } })
    }
}
