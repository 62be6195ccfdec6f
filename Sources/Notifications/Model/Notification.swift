import FTZCore
import Foundation

/// One message in an investor organisation's inbox, written in the organisation's
/// preferred language when it was created.
public struct InboxNotification: Sendable, Equatable {
    public let id: UUID
    public let organisationID: UUID
    /// The ledger entry this notification tells about (its evidence).
    public let ledgerIndex: Int64
    /// `dossier.<action>`, `certificate.issued`, `certificate.revoked`.
    public let eventType: String
    public let subjectType: String
    public let subjectID: String
    public let language: String
    public let title: String
    public let body: String
    /// Machine facts (status, reference, certificate number…), the same as in the webhook.
    public let data: JSONValue
    public let createdAt: Date
    public var readAt: Date?
}

/// An investor's receiver of signed webhooks.
public struct WebhookEndpoint: Sendable, Equatable {
    public let id: UUID
    public let organisationID: UUID
    public let url: String
    /// `whsec_<base64>`: shown once, at creation; kept (sealed, see ``SecretSealer``) to sign
    /// every delivery. As read back from the database it is the sealed form.
    public var secret: String
    public let description: String
    /// Event types sent; empty means all.
    public let eventTypes: [String]
    public var enabled: Bool
    public let createdBy: String
    public let createdAt: Date
    public var disabledAt: Date?

    public func wants(_ eventType: String) -> Bool { eventTypes.isEmpty || eventTypes.contains(eventType) }
}

/// One message to one endpoint. Its id is the Standard Webhooks `webhook-id`: the same on
/// every retry and replay, so the receiver can drop duplicates.
public struct WebhookDelivery: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case pending, delivered, failed }
    public let id: String
    public let endpointID: UUID
    public let notificationID: UUID
    public let organisationID: UUID
    public let eventType: String
    public let payload: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: Date?
    public let createdAt: Date
}

/// One try at a delivery, as the delivery log shows it.
public struct DeliveryAttempt: Sendable, Equatable {
    public let id: UUID
    public let deliveryID: String
    public let attemptedAt: Date
    /// The receiver's HTTP status; nil when no answer came (refused, timed out).
    public let statusCode: Int?
    public let error: String?
    public let durationMilliseconds: Int
}
