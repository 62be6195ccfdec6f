import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Localization
import Notifications

/// An enterprise's messages: what happened to its dossiers and certificates, newest first,
/// unread ones marked, read for the whole organisation. The notification service keeps
/// them; this page lists them and marks them read.
extension WebConsole {
    func inboxPage(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let unreadOnly = WebQuery(request)["unread"] == "1"
        let page = try PageRequest(limit: 30, cursor: WebQuery(request)["after"].map(String.init))
        let (result, unread) = try await services.notifications.inbox(unreadOnly: unreadOnly, page: page, by: session.actor)
        let calendar = try await services.catalogue.calendar()
        var values: [String: Any] = [
            "unreadOnly": unreadOnly, "empty": result.items.isEmpty,
            "unreadCount": view.messages.text("web.inbox.unread_count", language, ["count": String(unread)]),
            "messages": result.items.map { item -> [String: Any] in
                ["id": item.id.uuidString.lowercased(), "title": item.title, "body": item.body, "unread": item.readAt == nil,
                 // Written in the enterprise's language when it was sent: marked so, for screen readers.
                 "language": item.language,
                 "at": view.messages.display(item.createdAt, calendar, language),
                 "href": item.subjectType == "dossier" ? "/dossiers/\(item.subjectID)" as Any : nil as String? as Any]
            },
        ]
        if let next = result.nextCursor { values["next"] = "/inbox?after=\(next)" + (unreadOnly ? "&unread=1" : "") }
        return view.page("inbox", title: view.messages.text("web.inbox.title", language), values: values, session: session, request: request)
    }

    /// POST /inbox/{id}/read, or /inbox/read-all with no id.
    func markRead(_ request: Request, id: UUID?) async throws -> Response {
        try await posted(request) { session, _ in
            if let id { _ = try await services.notifications.mark(id, read: true, by: session.actor) }
            else { _ = try await services.notifications.markAllRead(by: session.actor) }
            return WebView.redirect(to: "/inbox")
        }
    }
}
