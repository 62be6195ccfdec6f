import FTZCore
import Foundation
import Storage

/// The Authority's own work on dossiers: the queue with its filters, assignment, internal
/// notes, apology letters for late dossiers, and the history as the investor sees it.
extension LicensingService {
    /// The orders a list can be read in: by the date the result is due (the soonest first,
    /// so the fewest working days left), or by the day received (the longest waiting first).
    public enum QueueOrder: String, Sendable, CaseIterable {
        case due
        case received
    }

    public struct QueueFilter: Sendable {
        public var order: QueueOrder = .due
        public var procedure: String?
        public var statuses: [DossierStatus]?
        public var assignee: UUID?
        public var dueOnOrBefore: LocalDate?
        public var overdue: Bool
        /// A reference number, or (for staff) an enterprise's tax code or part of its name.
        public var search: String?
        public init(procedure: String? = nil, statuses: [DossierStatus]? = nil, assignee: UUID? = nil, dueOnOrBefore: LocalDate? = nil,
                    overdue: Bool = false, search: String? = nil) {
            self.search = search
            self.procedure = procedure
            self.statuses = statuses
            self.assignee = assignee
            self.dueOnOrBefore = dueOnOrBefore
            self.overdue = overdue
        }
    }

    /// Staff see the zone's queue; investors their own organisation's dossiers.
    public func list(_ filter: QueueFilter, page: PageRequest, by actor: Actor) async throws -> Page<Dossier> {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let isStaff = !actor.roles.isDisjoint(with: Self.staff)
        guard isStaff || actor.has(.investor) else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "investor, eza_officer, eza_approver"])
        }
        let today = try await today()
        var repositoryFilter = DossierRepository.Filter(
            organisation: isStaff ? nil : actor.organisationID, procedure: filter.procedure, statuses: filter.statuses,
            assignee: filter.assignee, dueOnOrBefore: filter.dueOnOrBefore, overdueAsOf: filter.overdue ? today : nil,
            order: filter.order)
        // The length is the contract's (code points, before trimming), so what the schema refuses is refused.
        if let raw = filter.search, raw.schemaLength > Self.maximumSearchLength {
            throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("q", "too_long", arguments: ["max": String(Self.maximumSearchLength)])])
        }
        if let text = filter.search?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            // Investors search their own dossiers (by reference and by the words of their forms);
            // only staff look enterprises up.
            let organisations = isStaff ? try await directory.organisations(matching: text, limit: Self.searchedOrganisations) : []
            repositoryFilter.search = (text.uppercased(), organisations, Array(TextFolding.words(text).prefix(Self.searchedWords)))
        }
        let chosen = repositoryFilter
        return try await database.read { try await self.dossiers.list(chosen, page: page, on: $0) }
            .map { Self.shown(Self.dated($0, today: today), to: actor) }
    }

    /// Who the dossiers of a queue page belong to and who holds each, named for staff and
    /// for the departments consulted on them (an investor sees its own name and never an
    /// official's). The dossiers are ones `actor` was already allowed to read.
    public func queueNames(for dossiers: [Dossier], by actor: Actor) async throws -> (enterprises: [UUID: String], assignees: [UUID: String]) {
        guard !actor.roles.isDisjoint(with: Self.staff) || actor.has(.departmentOfficer) else { return ([:], [:]) }
        let enterprises = try await directory.names(of: Array(Set(dossiers.map(\.organisationID))))
        let assignees = try await directory.displayNames(of: Array(Set(dossiers.compactMap(\.assigneeID))))
        return (enterprises, assignees)
    }

    /// Gives the search words to dossiers stored before they existed (at start-up, in
    /// batches, each its own transaction); returns how many it indexed.
    public func indexSearchTerms() async throws -> Int {
        var after: UUID?
        var indexed = 0
        while true {
            let start = after
            let batch = try await database.transaction { tx -> [Dossier] in
                let dossiers = try await self.dossiers.unindexed(after: start, limit: 500, on: tx.sql)
                for dossier in dossiers { try await self.dossiers.replaceSearchTerms(of: dossier, on: tx.sql) }
                return dossiers
            }
            guard let last = batch.last else { return indexed }
            indexed += batch.count
            after = last.id
        }
    }

    static let maximumSearchLength = 200
    /// A name fragment matching more enterprises than this is too vague to be useful.
    static let searchedOrganisations = 500
    /// The words of a query that count: more narrow nothing a person would type.
    static let searchedWords = 6

    /// Assigns (or reassigns, or with nil releases) a dossier to an officer.
    ///
    /// Approvers assign anyone. An officer may only claim an unassigned dossier for itself or
    /// release its own: the assignee opens the dossier's documents, so an officer must not be
    /// able to give itself any dossier it likes.
    public func assign(_ id: UUID, to assignee: UUID?, expectedVersion: Int, by actor: Actor) async throws -> Dossier {
        try actor.require(anyOf: .ezaOfficer, .ezaApprover)
        if let assignee, try await !directory.isZoneOfficer(assignee) { throw Problem.invalid("/assigneeId", "assignee_not_staff") }
        let assigned = try await database.transaction { tx in
            guard var dossier = try await self.dossiers.find(id, on: tx.sql, forUpdate: true) else { throw Problem.notFound("dossier") }
            guard dossier.version == expectedVersion else { throw Problem.staleVersion() }
            if !actor.has(.ezaApprover) {
                let me = actor.userID
                let claimsFree = dossier.assigneeID == nil && assignee == me
                let releasesOwn = dossier.assigneeID == me && assignee == nil
                guard me != nil, claimsFree || releasesOwn else {
                    throw Problem(.forbidden, "reassignment_forbidden", arguments: ["roles": Role.ezaApprover.rawValue])
                }
            }
            dossier.assigneeID = assignee
            dossier.version += 1
            dossier.updatedAt = self.clock.now()
            guard try await self.dossiers.update(dossier, expectedVersion: expectedVersion, on: tx.sql) else { throw Problem.staleVersion() }
            try await self.ledger.append(LicensingEvents.internalWork("assigned", dossier: dossier,
                                                                payload: ["assignee": .optional(assignee?.lowercasedString)]),
                                         by: actor, in: tx)
            return dossier
        }
        return try await asOfToday(assigned)
    }

    /// Internal notes: staff only, never shown to investors.
    public func addNote(to id: UUID, text: String, by actor: Actor) async throws -> DossierNote {
        try actor.require(anyOf: .ezaOfficer, .ezaApprover)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var validator = FieldValidator()
        validator.check(!trimmed.isEmpty, "/text", "required")
        validator.check(trimmed.schemaLength <= 8000, "/text", "too_long", arguments: ["max": "8000"])
        try validator.finish()
        let dossier = try await dossier(id, by: actor)
        let note = DossierNote(id: UUID.v7(at: clock.now()), author: actor.reference, at: clock.now(), text: trimmed)
        try await database.transaction { tx in
            try await self.dossiers.insertNote(note, dossier: id, on: tx.sql)
            try await self.ledger.append(LicensingEvents.internalWork("note_added", dossier: dossier, payload: ["note": .string(note.id.lowercasedString)],
                                                                personal: ["text": .string(trimmed)]), by: actor, in: tx)
        }
        return note
    }

    public func notes(of id: UUID, by actor: Actor) async throws -> [DossierNote] {
        try actor.require(anyOf: .ezaOfficer, .ezaApprover, .admin, .auditor)
        _ = try await dossier(id, by: actor)
        return try await database.read { try await self.dossiers.notes(of: id, on: $0) }
    }

    /// Decree 118/2025/NĐ-CP (before it, Decree 61/2018): a late dossier gets an apology letter with a new appointment date,
    /// which the investor sees in the timeline.
    public func recordApology(for id: UUID, newAppointment: LocalDate, text: String, expectedVersion: Int, by actor: Actor) async throws
        -> Dossier
    {
        try actor.require(anyOf: .ezaOfficer, .ezaApprover)
        let calendar = try await catalogue.calendar()
        let today = calendar.localDate(of: clock.now())
        var validator = FieldValidator()
        validator.check(newAppointment > today, "/newAppointmentOn", "date_not_future")
        validator.check(calendar.isWorkingDay(newAppointment), "/newAppointmentOn", "date_not_working_day")
        validator.check(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "/text", "required")
        try validator.finish()
        let rescheduled = try await database.transaction { tx in
            guard var dossier = try await self.dossiers.find(id, on: tx.sql, forUpdate: true) else { throw Problem.notFound("dossier") }
            guard dossier.version == expectedVersion else { throw Problem.staleVersion() }
            guard dossier.isOverdue(today: today) else {
                throw Problem.conflict("dossier_not_overdue", arguments: ["appointmentOn": dossier.appointmentOn?.description ?? "-"])
            }
            let previous = dossier.appointmentOn
            dossier.appointmentOn = newAppointment
            dossier.version += 1
            dossier.updatedAt = self.clock.now()
            guard try await self.dossiers.update(dossier, expectedVersion: expectedVersion, on: tx.sql) else { throw Problem.staleVersion() }
            let details: JSONValue = ["previousAppointmentOn": .optional(previous?.description),
                                      "appointmentOn": .string(newAppointment.description), "comment": .string(text)]
            try await self.dossiers.insertEvent(DossierEvent(id: UUID.v7(at: dossier.updatedAt), at: dossier.updatedAt, actor: actor.reference,
                                                             action: "apology", fromStatus: dossier.status, toStatus: dossier.status,
                                                             details: details), dossier: dossier.id, on: tx.sql)
            try await self.ledger.append(LicensingEvents.transition(dossier, action: "apology", from: dossier.status, details: details),
                                         by: actor, in: tx)
            return dossier
        }
        return Self.dated(rescheduled, today: today)
    }

    /// The dossier's history as the investor may see it (no internal notes, actors of the
    /// authority not named).
    public func history(of id: UUID, by actor: Actor) async throws -> (Dossier, [DossierEvent]) {
        let dossier = try await dossier(id, by: actor)
        let events = try await database.read { try await self.dossiers.events(of: id, on: $0) }
        return (dossier, events)
    }
}
