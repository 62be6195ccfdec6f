import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Licensing
import Localization

/// Bulk assignment from the queue: the dossiers ticked go to the officer chosen, one by one
/// through the licensing service's `assign`, each with the version the queue showed, so the
/// service's rules (approvers assign anyone; an officer only claims unassigned dossiers for
/// itself) and a change made meanwhile refuse that dossier and not the others.
extension WebConsole {
    /// The Authority's officers an approver may assign to, by name; an officer sees only itself.
    func assignees(for actor: Actor, language: Language) async throws -> [[String: Any]] {
        guard let me = actor.userID else { return [] }
        guard actor.has(.ezaApprover), let organisation = actor.organisationID else {
            return [["id": me.uuidString.lowercased(), "name": view.messages.text("web.assign.me", language)]]
        }
        var people: [[String: Any]] = []
        var cursor: String?
        repeat {
            let page = try await services.accounts.users(organisation: organisation, page: try PageRequest(limit: 200, cursor: cursor), by: actor)
            for user in page.items where user.roles.contains(.ezaOfficer) && !user.disabled {
                people.append(["id": user.id.uuidString.lowercased(), "name": user.id == me ? view.messages.text("web.assign.me", language) : user.displayName])
            }
            cursor = page.nextCursor
        } while cursor != nil && people.count < 1_000
        return people
    }

    /// POST /dossiers/assign: `dossier` repeated as `id:version`, and `assignee`.
    func assignDossiers(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            let assignee = form["assignee"].flatMap(UUID.init(uuidString:))
            var assigned = 0, refused = 0
            for value in form.values("dossier") {
                let parts = value.split(separator: ":")
                guard parts.count == 2, let id = UUID(uuidString: String(parts[0])), let version = Int(parts[1]) else { refused += 1; continue }
                do {
                    _ = try await services.licensing.assign(id, to: assignee, expectedVersion: version, by: session.actor)
                    assigned += 1
                } catch let problem as Problem where problem.status != .unauthorized {
                    refused += 1
                }
            }
            let back = form["back"].flatMap { $0.hasPrefix("/dossiers") && !$0.contains("//") ? $0 : nil } ?? "/dossiers"
            let separator = back.contains("?") ? "&" : "?"
            return WebView.redirect(to: "\(back)\(separator)assigned=\(assigned)&refused=\(refused)")
        }
    }
}
