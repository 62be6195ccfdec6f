import FTZCore
import Foundation
import Ledger
import Localization
import Storage

/// Reads without an authorisation check, for the other capabilities' lookups through the
/// composition root (the exchange resolving a subject, trade data linking a declaration to
/// an enterprise, licensing routing a consultation). It is deliberately not among the
/// services handlers reach, so no request can read a record it may not see by mistake.
public struct IdentityDirectory: IdentityComponent {
    let base: IdentityBase

    public init(base: IdentityBase) { self.base = base }

    /// Whether a user is an enabled officer or approver of the zone authority (to whom
    /// dossiers may be assigned).
    public func isZoneOfficer(_ id: UUID) async throws -> Bool {
        try await database.read { sql in
            guard let row = try await self.users.find(id, on: sql), !row.disabled,
                  !RoleList.decode(row.roles).isDisjoint(with: Role.caseHandlers),
                  let organisation = try await self.organisations.find(row.organisation_id, on: sql)
            else { return false }
            return organisation.kind == .zoneAuthority
        }
    }

    /// Any organisation by id.
    public func organisationRecord(_ id: UUID) async throws -> Organisation? {
        try await database.read { try await self.organisations.find(id, on: $0) }
    }

    /// Organisations by id, a page's worth in one read (the queue names each dossier's enterprise).
    public func organisationRecords(_ ids: [UUID]) async throws -> [Organisation] {
        try await database.read { try await self.organisations.find(ids: ids, on: $0) }
    }

    /// Users' display names by id (the queue names each dossier's assignee).
    public func displayNames(of users: [UUID]) async throws -> [UUID: String] {
        try await database.read { try await self.users.displayNames(of: users, on: $0) }
    }

    /// The organisation registered under a department code, for routing consultations.
    public func organisation(code: String) async throws -> Organisation? {
        try await database.read { try await self.organisations.find(code: code, on: $0) }
    }

    /// Organisations by tax code (exactly, verified or not) or part of the name, for staff searches.
    public func organisations(matching text: String, limit: Int) async throws -> [Organisation] {
        try await database.read { try await self.organisations.search(text, limit: limit, on: $0) }
    }

    /// Folds the names of organisations stored without search text (at start-up).
    public func indexSearchText() async throws -> Int {
        try await database.transaction { try await self.organisations.indexSearchText(on: $0.sql) }
    }

    /// The organisation registered under a tax code, for linking trade data to enterprises.
    public func organisation(taxCode: TaxCode) async throws -> Organisation? {
        try await database.read { try await self.organisations.find(taxCode: taxCode, on: $0) }
    }

    /// Any client by id.
    public func clientRecord(_ id: UUID) async throws -> MachineClient? {
        try await database.read { try await self.clients.find(id, on: $0) }?.model
    }
}
