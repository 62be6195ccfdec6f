import FTZCore
import Foundation

/// What licensing needs to know about organisations, without depending on the identity
/// capability: the server wires an implementation backed by it.
public protocol OrganisationDirectory: Sendable {
    func organisation(_ id: UUID) async throws -> DirectoryEntry?
    /// The department registered under a catalogue code (`DOC`, `POLICE`).
    func organisation(code: String) async throws -> DirectoryEntry?
    /// Enterprises whose tax code is `text` or whose name (or Latin name) contains it, for
    /// the queue's search; at most `limit`.
    func organisations(matching text: String, limit: Int) async throws -> [UUID]
    /// Whether the user is an enabled officer or approver of the zone authority.
    func isZoneOfficer(_ user: UUID) async throws -> Bool
    /// Organisations' names (in Vietnamese, as registered) by id, in one lookup.
    func names(of organisations: [UUID]) async throws -> [UUID: String]
    /// Users' display names by id, in one lookup.
    func displayNames(of users: [UUID]) async throws -> [UUID: String]
}

extension OrganisationDirectory {
    /// One lookup per organisation, for directories that answer from memory.
    public func names(of organisations: [UUID]) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for id in organisations { names[id] = try await organisation(id)?.name }
        return names
    }
}

public struct DirectoryEntry: Sendable, Equatable {
    public let id: UUID
    public let kind: OrganisationKind
    public let name: String
    public let nameLatin: String?
    public let taxCode: String?
    public let country: String
    public let code: String?

    public init(id: UUID, kind: OrganisationKind, name: String, nameLatin: String?, taxCode: String?, country: String, code: String?) {
        self.id = id
        self.kind = kind
        self.name = name
        self.nameLatin = nameLatin
        self.taxCode = taxCode
        self.country = country
        self.code = code
    }
}
