import FTZAPI
import FTZCore
import HTTPSupport
import Notifications

/// The investor's inbox and webhook subscriptions.
extension APIHandler {
    func listNotifications(_ input: Operations.ListNotifications.Input) async throws -> Operations.ListNotifications.Output {
        let (page, unread) = try await services.notifications.inbox(
            unreadOnly: input.query.unread ?? false, page: try page(limit: input.query.limit, cursor: input.query.cursor), by: actor)
        return .ok(.init(body: .json(.init(items: page.items.map(NotificationMapping.notification), nextCursor: page.nextCursor,
                                           unreadCount: unread))))
    }

    func markAllNotificationsRead(_ input: Operations.MarkAllNotificationsRead.Input) async throws -> Operations.MarkAllNotificationsRead.Output {
        .ok(.init(body: .json(.init(marked: try await services.notifications.markAllRead(by: actor)))))
    }

    func markNotificationRead(_ input: Operations.MarkNotificationRead.Input) async throws -> Operations.MarkNotificationRead.Output {
        let notification = try await services.notifications.mark(try identifier(input.path.notificationId, "notification"), read: true, by: actor)
        return .ok(.init(body: .json(NotificationMapping.notification(notification))))
    }

    func markNotificationUnread(_ input: Operations.MarkNotificationUnread.Input) async throws -> Operations.MarkNotificationUnread.Output {
        let notification = try await services.notifications.mark(try identifier(input.path.notificationId, "notification"), read: false, by: actor)
        return .ok(.init(body: .json(NotificationMapping.notification(notification))))
    }

    func listWebhookEndpoints(_ input: Operations.ListWebhookEndpoints.Input) async throws -> Operations.ListWebhookEndpoints.Output {
        let endpoints = try await services.notifications.endpoints(by: actor)
        return .ok(.init(body: .json(.init(items: endpoints.map { NotificationMapping.endpoint($0) }, eventTypes: NotificationService.eventTypes))))
    }

    func createWebhookEndpoint(_ input: Operations.CreateWebhookEndpoint.Input) async throws -> Operations.CreateWebhookEndpoint.Output {
        let body = switch input.body { case .json(let body): body }
        let endpoint = try await services.notifications.createEndpoint(url: body.url, description: body.description,
                                                                       eventTypes: body.eventTypes ?? [], by: actor)
        created(at: "/v1/webhooks/\(endpoint.id.lowercasedString)", version: nil)
        forbidStoring()
        return .created(.init(body: .json(NotificationMapping.endpoint(endpoint, showingSecret: true))))
    }

    func getWebhookEndpoint(_ input: Operations.GetWebhookEndpoint.Input) async throws -> Operations.GetWebhookEndpoint.Output {
        let (endpoint, counts) = try await services.notifications.endpointWithCounts(try identifier(input.path.endpointId, "webhook_endpoint"),
                                                                                     by: actor)
        return .ok(.init(body: .json(NotificationMapping.endpoint(endpoint, deliveries: counts))))
    }

    func disableWebhookEndpoint(_ input: Operations.DisableWebhookEndpoint.Input) async throws -> Operations.DisableWebhookEndpoint.Output {
        let endpoint = try await services.notifications.disableEndpoint(try identifier(input.path.endpointId, "webhook_endpoint"), by: actor)
        return .ok(.init(body: .json(NotificationMapping.endpoint(endpoint))))
    }

    func listWebhookDeliveries(_ input: Operations.ListWebhookDeliveries.Input) async throws -> Operations.ListWebhookDeliveries.Output {
        let page = try await services.notifications.deliveries(
            endpoint: try identifier(input.path.endpointId, "webhook_endpoint"),
            state: input.query.state.flatMap { WebhookDelivery.State(rawValue: $0.rawValue) },
            page: try page(limit: input.query.limit, cursor: input.query.cursor), by: actor)
        return .ok(.init(body: .json(.init(items: page.items.map { NotificationMapping.delivery($0) }, nextCursor: page.nextCursor))))
    }

    func getWebhookDelivery(_ input: Operations.GetWebhookDelivery.Input) async throws -> Operations.GetWebhookDelivery.Output {
        let (delivery, attempts) = try await services.notifications.delivery(input.path.deliveryId, by: actor)
        return .ok(.init(body: .json(NotificationMapping.delivery(delivery, log: attempts))))
    }

    func replayWebhookDelivery(_ input: Operations.ReplayWebhookDelivery.Input) async throws -> Operations.ReplayWebhookDelivery.Output {
        .accepted(.init(body: .json(NotificationMapping.delivery(try await services.notifications.replay(input.path.deliveryId, by: actor)))))
    }
}
