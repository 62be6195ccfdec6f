import FTZCore
import Foundation
import Ledger
import Storage
import Synchronization

/// The procedures and the working-day calendar in force. Seeded from the zone's catalogue
/// files on first start; afterwards the database is the source of truth and
/// administrators publish new versions (a new version never changes dossiers already
/// filed under an old one).
public final class CatalogueService: Sendable {
    public let catalogue: ZoneCatalogue
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    private let repository = CatalogueRepository()
    private let cache = Mutex<Stored?>(nil)
    /// The calendar in force, built for one zone date: rebuilt when the date moves on, so a
    /// replacement announced ahead takes effect at the zone's midnight without a restart.
    private let calendarInForce = Mutex<(date: LocalDate, revision: Int, calendar: WorkingCalendar)?>(nil)
    /// The zone's clock (its UTC offset); which days are off does not matter for "today".
    private let zoneClock = WorkingCalendar()

    /// What the database holds: every version of every procedure and of every calendar year.
    private struct Stored {
        let procedures: [String: [Procedure]]
        let years: [Int: [YearVersion]]
    }

    public struct YearVersion: Sendable {
        public let year: WorkingCalendar.Year
        public let version: Int
    }

    public init(catalogue: ZoneCatalogue, database: Database, ledger: Ledger, clock: any WallClock) {
        self.catalogue = catalogue
        self.database = database
        self.ledger = ledger
        self.clock = clock
    }

    /// Inserts catalogue procedures and calendar years the database does not have yet.
    public func seed() async throws {
        let now = clock.now()
        try await database.transaction { tx in
            var changes: [LedgerEvent] = []
            for procedure in self.catalogue.procedures
            where try await !self.repository.exists(code: procedure.code, version: procedure.version, on: tx.sql) {
                try await self.repository.insert(procedure, at: now, on: tx.sql)
                changes.append(LicensingEvents.procedurePublished(procedure))
            }
            let stored = Set(try await self.repository.yearVersions(on: tx.sql).map(\.0.year))
            for year in self.catalogue.calendarYears where !stored.contains(year.year) {
                try await self.repository.insertYear(year, version: 1, at: now, on: tx.sql)
                changes.append(LicensingEvents.calendarChanged(year, version: 1))
            }
            if !changes.isEmpty { try await self.ledger.append(changes, by: .system("catalogue"), in: tx) }
        }
        invalidate()
    }

    private func loaded() async throws -> Stored {
        if let cached = cache.withLock({ $0 }) { return cached }
        let (procedures, years) = try await database.read { sql in
            (try await self.repository.procedures(on: sql), try await self.repository.yearVersions(on: sql))
        }
        let value = Stored(procedures: Dictionary(grouping: procedures, by: \.code),
                           years: Dictionary(grouping: years.map { YearVersion(year: $0.0, version: $0.1) }, by: \.year.year))
        cache.withLock { $0 = value }
        return value
    }

    /// Of a year's versions, the newest that has taken effect on `date`.
    static func inForce(_ versions: [YearVersion], on date: LocalDate) -> YearVersion? {
        versions.filter { ($0.year.effectiveFrom ?? date) <= date }.max { $0.version < $1.version }
    }

    private func invalidate() {
        cache.withLock { $0 = nil }
        changes.add(1, ordering: .relaxed)
    }

    private let changes = Atomic<Int>(0)
    /// Grows with every change made through this process: caches of what the catalogue
    /// renders (guide pages) key on it.
    public var revision: Int { changes.load(ordering: .relaxed) }

    /// The zone's date now: what "in force" is judged on.
    public func today() async throws -> LocalDate { zoneClock.localDate(of: clock.now()) }

    /// The day a filing made now is received: today, or the next working day when the
    /// one-stop desk is closed (the zone's office hours).
    public func receiptDay() async throws -> LocalDate {
        (catalogue.zone.officeHours ?? .allDay).receiptDay(of: clock.now(), calendar: try await calendar())
    }

    /// The version of every procedure in force today, by code.
    public func procedures() async throws -> [Procedure] {
        let today = try await today()
        return try await loaded().procedures.values.compactMap { Self.inForce($0, on: today) }.sorted { $0.code < $1.code }
    }

    /// A procedure's version in force today (what a dossier created now is filed under), or a given one.
    public func procedure(_ code: String, version: Int? = nil) async throws -> Procedure? {
        let versions = try await loaded().procedures[code] ?? []
        if let version { return versions.first { $0.version == version } }
        return Self.inForce(versions, on: try await today())
    }

    /// The capital field of every procedure whose newest version registers capital, by code.
    public func capitalFields() async throws -> [(procedure: String, field: String)] {
        try await newestVersions().compactMap { procedure in procedure.capitalField.map { (procedure.code, $0) } }
    }

    /// Codes of the procedures whose newest version records investment projects.
    public func investmentProjectProcedures() async throws -> [String] {
        try await newestVersions().filter { $0.investmentProject == true }.map(\.code)
    }

    /// The newest version of each procedure. A definition stored before the register
    /// fields existed takes them from the catalogue file of the same version, so an
    /// upgraded installation keeps counting what it counted.
    private func newestVersions() async throws -> [Procedure] {
        try await loaded().procedures.values.compactMap { $0.max { $0.version < $1.version } }.sorted { $0.code < $1.code }.map { stored in
            guard stored.capitalField == nil, stored.investmentProject == nil,
                  let file = catalogue.procedures.first(where: { $0.code == stored.code && $0.version == stored.version })
            else { return stored }
            var completed = stored
            completed.capitalField = file.capitalField
            completed.investmentProject = file.investmentProject
            return completed
        }
    }

    /// The version published to take effect after today, if one is: the guide announces it.
    public func nextVersion(of code: String) async throws -> Procedure? {
        let today = try await today()
        return (try await loaded().procedures[code] ?? []).filter { ($0.effectiveFrom ?? today) > today }.min { $0.version < $1.version }
    }

    /// Of the versions in force on `date`, the newest.
    static func inForce(_ versions: [Procedure], on date: LocalDate) -> Procedure? {
        versions.filter { $0.isInForce(on: date) }.max { $0.version < $1.version }
    }

    /// The working-day calendar in force today: each year as its newest version in effect.
    public func calendar() async throws -> WorkingCalendar {
        let today = try await today(), revision = revision
        if let built = calendarInForce.withLock({ $0 }), built.date == today, built.revision == revision { return built.calendar }
        var calendar = zoneClock
        for versions in try await loaded().years.values { if let current = Self.inForce(versions, on: today) { calendar.replace(current.year) } }
        calendarInForce.withLock { $0 = (today, revision, calendar) }
        return calendar
    }

    /// A year as in force today, with its version, and a replacement saved to take effect
    /// later if there is one (the newest such). `latestVersion` is what `If-Match` names.
    public func calendarYear(_ year: Int) async throws -> (current: YearVersion, replacement: YearVersion?, latestVersion: Int)? {
        let versions = try await loaded().years[year] ?? []
        let today = try await today()
        guard let current = Self.inForce(versions, on: today), let latest = versions.map(\.version).max() else { return nil }
        let replacement = versions.filter { ($0.year.effectiveFrom ?? today) > today }.max { $0.version < $1.version }
        return (current, replacement, latest)
    }

    /// Whether the actor reads how firmly each legal fact stands (the sources' status and
    /// notes): the administrators who keep the catalogue; the public reads the citations.
    public static func reviewsSources(_ actor: Actor) -> Bool { actor.has(.admin) }

    /// Publishes the next version of a procedure (administrators).
    public func publish(_ procedure: Procedure, by actor: Actor) async throws -> Procedure {
        try actor.require(anyOf: .admin)
        try procedure.validate()
        // A law takes effect on its date, not when an administrator gets to publish; a
        // version cannot take effect in the past, where dossiers were filed under another.
        let today = try await today()
        if let effectiveFrom = procedure.effectiveFrom, effectiveFrom < today {
            throw Problem.invalid("/effectiveFrom", "effective_in_past", arguments: ["today": today.description])
        }
        let latest = (try await loaded().procedures[procedure.code] ?? []).max { $0.version < $1.version }
        let expected = (latest?.version ?? 0) + 1
        guard procedure.version == expected else {
            throw Problem.invalid("/version", "version_next", arguments: ["expected": String(expected)])
        }
        try await database.transaction { tx in
            try await self.repository.insert(procedure, at: self.clock.now(), on: tx.sql)
            try await self.ledger.append(LicensingEvents.procedurePublished(procedure), by: actor, in: tx)
        }
        invalidate()
        return procedure
    }

    /// Replaces one year's holidays and make-up days, now or from `effectiveFrom`
    /// (administrators; `If-Match` names the year's newest version).
    public func updateCalendarYear(_ year: WorkingCalendar.Year, expectedVersion: Int?, by actor: Actor) async throws -> Int {
        try actor.require(anyOf: .admin)
        var validator = FieldValidator()
        validator.check((2000...2100).contains(year.year), "/year", "year_range")
        for (position, holiday) in year.holidays.enumerated() where holiday.date.year != year.year {
            validator.add("/holidays/\(position)/date", "date_outside_year")
        }
        for (position, day) in year.makeUpWorkingDays.enumerated() where day.year != year.year {
            validator.add("/makeUpWorkingDays/\(position)", "date_outside_year")
        }
        try validator.finish()
        // A replacement may be saved ahead of its date; one dated in the past would change
        // deadlines already counted on the old days.
        let today = try await today()
        if let effectiveFrom = year.effectiveFrom, effectiveFrom < today {
            throw Problem.invalid("/effectiveFrom", "effective_in_past", arguments: ["today": today.description])
        }
        let current = try await loaded().years[year.year]?.map(\.version).max()
        if let current {
            // The one version check left in a service: only here is it known whether the
            // year exists, and a first version needs no `If-Match`.
            guard let expectedVersion else { throw Problem(.preconditionRequired, "if_match_required") }
            guard expectedVersion == current else { throw Problem.staleVersion() }
        }
        let version = (current ?? 0) + 1
        try await database.transaction { tx in
            try await self.repository.insertYear(year, version: version, at: self.clock.now(), on: tx.sql)
            try await self.ledger.append(LicensingEvents.calendarChanged(year, version: version), by: actor, in: tx)
        }
        invalidate()
        return version
    }
}
