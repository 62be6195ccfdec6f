import FTZCore
import Foundation

/// A member's own view of the registry, read-only: the subsystems it registered, the grants
/// each holds, and the queries each made under them. Its department officers see their own
/// organisation's; administrators and auditors may name any member.
extension ExchangeService {
    public struct Membership: Sendable {
        public let subsystem: Subsystem
        public let grants: [Grant]
    }

    public func memberships(of organisation: UUID?, by actor: Actor) async throws -> [Membership] {
        let member = try memberScope(organisation, actor)
        let (subsystems, grants) = try await database.read { sql in
            (try await self.repository.subsystems(on: sql), try await self.repository.grants(subsystem: nil, on: sql))
        }
        let bySubsystem = Dictionary(grouping: grants, by: \.subsystemID)
        return subsystems.filter { $0.memberID == member }.sorted { $0.identifier < $1.identifier }
            .map { Membership(subsystem: $0, grants: bySubsystem[$0.id] ?? []) }
    }

    /// The queries one of the member's subsystems made, newest first.
    public func queries(ofSubsystem id: UUID, page: PageRequest, by actor: Actor) async throws -> Page<QueryRecord> {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard let subsystem = try await database.read({ try await self.repository.subsystem(id, on: $0) }),
              actor.hasAny(.admin, .auditor) || (actor.has(.departmentOfficer) && actor.organisationID == subsystem.memberID)
        else { throw Problem.notFound("subsystem") }
        let before = try Self.journalCursor(page)
        let rows = try await database.read { sql in
            try await self.repository.queries(subject: nil, subsystem: subsystem.identifier, before: before, limit: page.limit, on: sql)
        }
        return Page(fetched: rows, limit: page.limit) { $0.id.uuidString }
    }

    /// The journal's cursor: the id of the last query on the previous page.
    static func journalCursor(_ page: PageRequest) throws(Problem) -> UUID? {
        try page.after.map { cursor throws(Problem) -> UUID in
            guard let id = UUID(uuidString: cursor) else {
                throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("cursor", "cursor_invalid")])
            }
            return id
        }
    }

    private func memberScope(_ organisation: UUID?, _ actor: Actor) throws -> UUID {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        if actor.hasAny(.admin, .auditor), let organisation { return organisation }
        guard actor.has(.departmentOfficer), let own = actor.organisationID, organisation == nil || organisation == own else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": Role.departmentOfficer.rawValue])
        }
        return own
    }
}
