import FTZAPI
import FTZCore
import HTTPSupport
import Notifications

/// Notifications, endpoints and deliveries ⇄ their API shapes. Endpoint secrets appear only
/// in the creation response, so the mapping takes the secret as an explicit choice.
enum NotificationMapping {
    static func notification(_ item: InboxNotification) -> Components.Schemas.Notification {
        .init(id: item.id.lowercasedString, eventType: item.eventType, subject: .init(_type: item.subjectType, id: item.subjectID),
              title: item.title, body: item.body, language: item.language,
              data: .init(additionalProperties: JSONContainers.container(item.data)), ledgerIndex: item.ledgerIndex,
              createdAt: item.createdAt, read: item.readAt != nil, readAt: item.readAt)
    }

    static func endpoint(_ endpoint: WebhookEndpoint, showingSecret: Bool = false,
                         deliveries: [WebhookDelivery.State: Int]? = nil) -> Components.Schemas.WebhookEndpoint {
        .init(id: endpoint.id.lowercasedString, url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes,
              enabled: endpoint.enabled, createdAt: endpoint.createdAt, disabledAt: endpoint.disabledAt,
              secret: showingSecret ? endpoint.secret : nil,
              deliveries: deliveries.map { counts in
                  .init(additionalProperties: Dictionary(uniqueKeysWithValues: [WebhookDelivery.State.pending, .delivered, .failed].map {
                      ($0.rawValue, counts[$0] ?? 0)
                  }))
              })
    }

    static func delivery(_ delivery: WebhookDelivery, log: [DeliveryAttempt]? = nil) -> Components.Schemas.WebhookDelivery {
        .init(id: delivery.id, endpointId: delivery.endpointID.lowercasedString, eventType: delivery.eventType,
              state: .init(delivery.state), attempts: delivery.attempts, nextAttemptAt: delivery.nextAttemptAt,
              lastStatus: delivery.lastStatus, lastError: delivery.lastError, deliveredAt: delivery.deliveredAt,
              createdAt: delivery.createdAt, payload: delivery.payload,
              log: log?.map { .init(attemptedAt: $0.attemptedAt, statusCode: $0.statusCode, error: $0.error, durationMs: $0.durationMilliseconds) })
    }
}
