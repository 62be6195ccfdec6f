import FTZCore
import Ledger

/// Ledger entries for changes to where notifications go.
enum NotificationEvents {
    static func endpointCreated(_ endpoint: WebhookEndpoint) -> LedgerEvent {
        LedgerEvent(action: "notifications.webhook.created", subjectType: "webhook_endpoint", subjectID: endpoint.id.lowercasedString,
                    organisationID: endpoint.organisationID,
                    payload: ["eventTypes": .array(endpoint.eventTypes.map(JSONValue.string))], personalData: ["url": .string(endpoint.url)])
    }

    static func endpointDisabled(_ endpoint: WebhookEndpoint) -> LedgerEvent {
        LedgerEvent(action: "notifications.webhook.disabled", subjectType: "webhook_endpoint", subjectID: endpoint.id.lowercasedString,
                    organisationID: endpoint.organisationID)
    }

    static func deliveryReplayed(_ delivery: WebhookDelivery) -> LedgerEvent {
        LedgerEvent(action: "notifications.delivery.replayed", subjectType: "webhook_delivery", subjectID: delivery.id,
                    organisationID: delivery.organisationID, payload: ["endpoint": .string(delivery.endpointID.lowercasedString)])
    }
}
