import FTZCore
import Foundation
import Ledger
import Localization
import Logging
import Storage

/// Investor notifications: the inbox, webhook endpoints, the delivery log and replay, and
/// the two background jobs (projecting the ledger, sending due webhooks).
public final class NotificationService: Sendable {
    public struct Configuration: Sendable {
        public var retry = RetryPolicy()
        /// Plain `http://` receivers are refused unless allowed (development and tests). It
        /// allows the scheme only: internal addresses stay refused.
        public var allowInsecureHTTP = false
        /// Hosts exempt from the internal-address check (tests and benchmarks on loopback).
        public var allowedHosts: Set<String> = []
        public var projectionBatch = 500
        public var deliveryBatch = 500
        public var deliveryConcurrency = 32
        public var deliveryTimeout: TimeInterval = 10
        public init() {}
    }

    /// Event types a subscriber may choose among.
    public static let eventTypes = [
        "dossier.submit", "dossier.start_check", "dossier.request_supplement", "dossier.resubmit", "dossier.accept", "dossier.consult",
        "dossier.consultations_completed", "dossier.approve", "dossier.refuse", "dossier.issue_certificate", "dossier.withdraw",
        "dossier.apology", "certificate.issued", "certificate.revoked",
    ] + NotificationRules.deviceAlertKinds.map { "iot.\($0)" }

    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    let configuration: Configuration
    /// Endpoint secrets are stored sealed with this key.
    let secrets: SecretSealer
    let repository = NotificationRepository()
    let projector: NotificationProjector
    let dispatcher: WebhookDispatcher

    public init(database: Database, ledger: Ledger, clock: any WallClock, environment: any NotificationEnvironment, messages: MessageCatalogue,
                secrets: SecretSealer, transport: any WebhookTransport = HTTPWebhookTransport(), configuration: Configuration = .init(),
                logger: Logger) {
        self.secrets = secrets
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.configuration = configuration
        projector = NotificationProjector(database: database, reader: LedgerReader(database: database),
                                          rules: NotificationRules(messages: messages), environment: environment, clock: clock,
                                          batchSize: configuration.projectionBatch)
        dispatcher = WebhookDispatcher(database: database, transport: transport, secrets: secrets, policy: configuration.retry, clock: clock,
                                       logger: logger,
                                       batchSize: configuration.deliveryBatch, concurrency: configuration.deliveryConcurrency,
                                       timeout: configuration.deliveryTimeout)
    }

    // MARK: Background work

    /// Creates the notifications (and pending deliveries) for ledger entries not yet seen.
    @discardableResult
    public func project() async throws -> Int { try await projector.catchUp() }

    /// Sends the webhook deliveries that are due; returns how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int { try await dispatcher.deliverDue() }

    /// Deliveries by state, of one endpoint or of all (operators' view, and the benchmark's).
    public func deliveryCounts(endpoint: UUID? = nil) async throws -> [WebhookDelivery.State: Int] {
        try await database.read { try await self.repository.counts(endpoint: endpoint, on: $0) }
    }

    // MARK: Authorisation

    /// The investor organisation the caller acts for.
    func investorOrganisation(_ actor: Actor) throws(Problem) -> UUID {
        try actor.require(anyOf: .investor)
        guard let organisation = actor.organisationID else { throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "investor"]) }
        return organisation
    }

    /// Endpoints and deliveries: their organisation's investors, and administrators (support).
    func authorise(_ actor: Actor, for organisation: UUID, resource: String) throws(Problem) {
        try actor.require(anyOf: .investor, .admin)
        if actor.has(.admin) { return }
        guard actor.organisationID == organisation else { throw Problem.notFound(resource) }
    }

    // MARK: Inbox

    public func inbox(unreadOnly: Bool, page: PageRequest, by actor: Actor) async throws -> (page: Page<InboxNotification>, unread: Int) {
        let organisation = try investorOrganisation(actor)
        let before = try page.after.map { text throws(Problem) -> UUID in
            guard let id = UUID(uuidString: text) else { throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("cursor", "cursor_invalid")]) }
            return id
        }
        return try await database.read { sql in
            let fetched = try await self.repository.inbox(organisation: organisation, unreadOnly: unreadOnly, before: before,
                                                          limit: page.limit + 1, on: sql)
            return (Page(fetched: fetched, limit: page.limit) { $0.id.uuidString }, try await self.repository.unreadCount(organisation: organisation, on: sql))
        }
    }

    /// Marks one notification read (or unread again) for the whole organisation.
    public func mark(_ id: UUID, read: Bool, by actor: Actor) async throws -> InboxNotification {
        let organisation = try investorOrganisation(actor)
        return try await database.transaction { tx in
            guard var notification = try await self.repository.notification(id, on: tx.sql), notification.organisationID == organisation else {
                throw Problem.notFound("notification")
            }
            notification.readAt = read ? (notification.readAt ?? self.clock.now()) : nil
            try await self.repository.markRead(id, at: notification.readAt, by: read ? actor.reference : nil, on: tx.sql)
            return notification
        }
    }

    public func markAllRead(by actor: Actor) async throws -> Int {
        let organisation = try investorOrganisation(actor)
        let now = clock.now()
        return try await database.transaction { tx in try await self.repository.markAllRead(organisation: organisation, at: now, by: actor.reference, on: tx.sql) }
    }

    // MARK: Endpoints

    /// Registers a receiver; the returned endpoint carries its signing secret, shown this once.
    public func createEndpoint(url: String, description: String?, eventTypes: [String], by actor: Actor) async throws -> WebhookEndpoint {
        let organisation = try investorOrganisation(actor)
        var validator = FieldValidator()
        if !Self.acceptable(url, allowInsecure: configuration.allowInsecureHTTP) {
            validator.add("/url", "webhook_url", arguments: ["schemes": configuration.allowInsecureHTTP ? "https, http" : "https"])
        } else if let host = URL(string: url)?.host, !configuration.allowedHosts.contains(host.lowercased()), ReceiverAddress.isInternal(host) {
            validator.add("/url", "webhook_url_internal")
        }
        validator.check((description ?? "").schemaLength <= 200, "/description", "too_long", arguments: ["max": "200"])
        validator.check(!(description ?? "").unicodeScalars.contains { $0.properties.generalCategory == .control }, "/description",
                        "control_characters")
        for (position, type) in eventTypes.enumerated() where !Self.eventTypes.contains(type) {
            validator.add("/eventTypes/\(position)", "enum_value", arguments: ["allowed": Self.eventTypes.joined(separator: ", ")])
        }
        try validator.finish()
        let now = clock.now()
        let endpoint = WebhookEndpoint(id: UUID.v7(at: now), organisationID: organisation, url: url, secret: WebhookSignature.newSecret(),
                                       description: description ?? "", eventTypes: Array(Set(eventTypes)).sorted(), enabled: true,
                                       createdBy: actor.reference, createdAt: now, disabledAt: nil)
        var stored = endpoint
        stored.secret = try secrets.seal(endpoint.secret, for: endpoint.id)
        try await database.transaction { [stored] tx in
            try await self.repository.insert(stored, on: tx.sql)
            _ = try await self.ledger.append(NotificationEvents.endpointCreated(endpoint), by: actor, in: tx)
        }
        return endpoint
    }

    public func endpoints(by actor: Actor) async throws -> [WebhookEndpoint] {
        let organisation = try investorOrganisation(actor)
        return try await database.read { try await self.repository.endpoints(organisation: organisation, enabledOnly: false, on: $0) }
    }

    public func endpoint(_ id: UUID, by actor: Actor) async throws -> WebhookEndpoint {
        guard let endpoint = try await database.read({ try await self.repository.endpoint(id, on: $0) }) else {
            throw Problem.notFound("webhook_endpoint")
        }
        try authorise(actor, for: endpoint.organisationID, resource: "webhook_endpoint")
        return endpoint
    }

    /// The endpoint and how many of its deliveries are pending, delivered and failed.
    public func endpointWithCounts(_ id: UUID, by actor: Actor) async throws -> (WebhookEndpoint, [WebhookDelivery.State: Int]) {
        let endpoint = try await endpoint(id, by: actor)
        return (endpoint, try await deliveryCounts(endpoint: id))
    }

    /// Stops sending to an endpoint; its log stays readable.
    public func disableEndpoint(_ id: UUID, by actor: Actor) async throws -> WebhookEndpoint {
        var endpoint = try await endpoint(id, by: actor)
        guard endpoint.enabled else { return endpoint }
        let now = clock.now()
        let event = NotificationEvents.endpointDisabled(endpoint)
        try await database.transaction { tx in
            try await self.repository.disable(id, at: now, on: tx.sql)
            _ = try await self.ledger.append(event, by: actor, in: tx)
        }
        endpoint.enabled = false
        endpoint.disabledAt = now
        return endpoint
    }

    // MARK: Delivery log

    public func deliveries(endpoint id: UUID, state: WebhookDelivery.State?, page: PageRequest, by actor: Actor) async throws -> Page<WebhookDelivery> {
        _ = try await endpoint(id, by: actor)
        let fetched = try await database.read {
            try await self.repository.deliveries(endpoint: id, state: state, before: page.after, limit: page.limit + 1, on: $0)
        }
        return Page(fetched: fetched, limit: page.limit) { $0.id }
    }

    public func delivery(_ id: String, by actor: Actor) async throws -> (WebhookDelivery, [DeliveryAttempt]) {
        let found = try await database.read { sql -> (WebhookDelivery, [DeliveryAttempt])? in
            guard let delivery = try await self.repository.delivery(id, on: sql) else { return nil }
            return (delivery, try await self.repository.attempts(delivery: id, on: sql))
        }
        guard let found else { throw Problem.notFound("webhook_delivery") }
        try authorise(actor, for: found.0.organisationID, resource: "webhook_delivery")
        return found
    }

    /// Sends a delivery again now, with the same `webhook-id` so the receiver can tell.
    public func replay(_ id: String, by actor: Actor) async throws -> WebhookDelivery {
        var (delivery, _) = try await delivery(id, by: actor)
        let endpoint = try await endpoint(delivery.endpointID, by: actor)
        guard endpoint.enabled else { throw Problem.conflict("webhook_endpoint_disabled") }
        let now = clock.now()
        let event = NotificationEvents.deliveryReplayed(delivery)
        try await database.transaction { tx in
            try await self.repository.replay(id, at: now, on: tx.sql)
            _ = try await self.ledger.append(event, by: actor, in: tx)
        }
        delivery.state = .pending
        delivery.nextAttemptAt = now
        return delivery
    }

    static func acceptable(_ text: String, allowInsecure: Bool) -> Bool {
        guard text.count <= 2000, let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.user == nil, url.password == nil
        else { return false }
        return scheme == "https" || (scheme == "http" && allowInsecure)
    }
}
