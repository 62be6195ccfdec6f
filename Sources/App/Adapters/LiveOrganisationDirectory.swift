import FTZCore
import Foundation
import Identity
import Licensing

/// Licensing's view of organisations, answered by the identity capability.
struct LiveOrganisationDirectory: OrganisationDirectory {
    let identity: IdentityDirectory

    func organisation(_ id: UUID) async throws -> DirectoryEntry? {
        try await identity.organisationRecord(id).map(Self.entry)
    }

    func organisation(code: String) async throws -> DirectoryEntry? {
        try await identity.organisation(code: code).map(Self.entry)
    }

    func organisations(matching text: String, limit: Int) async throws -> [UUID] {
        try await identity.organisations(matching: text, limit: limit).map(\.id)
    }

    func isZoneOfficer(_ user: UUID) async throws -> Bool { try await identity.isZoneOfficer(user) }

    func names(of organisations: [UUID]) async throws -> [UUID: String] {
        Dictionary(try await identity.organisationRecords(organisations).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    func displayNames(of users: [UUID]) async throws -> [UUID: String] { try await identity.displayNames(of: users) }

    static func entry(_ organisation: Organisation) -> DirectoryEntry {
        DirectoryEntry(id: organisation.id, kind: organisation.kind, name: organisation.name, nameLatin: organisation.nameLatin,
                       taxCode: organisation.taxCode?.description, country: organisation.country, code: organisation.code)
    }
}
