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
    private let cache = Mutex<(procedures: [String: [Procedure]], calendar: WorkingCalendar, yearVersions: [Int: Int])?>(nil)

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
            let stored = Set(try await self.repository.years(on: tx.sql).map(\.0.year))
            for year in self.catalogue.calendarYears where !stored.contains(year.year) {
                try await self.repository.saveYear(year, version: 1, at: now, on: tx.sql)
                changes.append(LicensingEvents.calendarChanged(year, version: 1))
            }
            if !changes.isEmpty { try await self.ledger.append(changes, by: .system("catalogue"), in: tx) }
        }
        invalidate()
    }

    private func loaded() async throws -> (procedures: [String: [Procedure]], calendar: WorkingCalendar, yearVersions: [Int: Int]) {
        if let cached = cache.withLock({ $0 }) { return cached }
        let (procedures, years) = try await database.read { sql in
            (try await self.repository.procedures(on: sql), try await self.repository.years(on: sql))
        }
        var calendar = WorkingCalendar()
        for (year, _) in years { calendar.replace(year) }
        let value = (Dictionary(grouping: procedures, by: \.code), calendar,
                     Dictionary(uniqueKeysWithValues: years.map { ($0.0.year, $0.1) }))
        cache.withLock { $0 = value }
        return value
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
    public func today() async throws -> LocalDate { try await calendar().localDate(of: clock.now()) }

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

    /// The version published to take effect after today, if one is: the guide announces it.
    public func nextVersion(of code: String) async throws -> Procedure? {
        let today = try await today()
        return (try await loaded().procedures[code] ?? []).filter { ($0.effectiveFrom ?? today) > today }.min { $0.version < $1.version }
    }

    /// Of the versions in force on `date`, the newest.
    static func inForce(_ versions: [Procedure], on date: LocalDate) -> Procedure? {
        versions.filter { $0.isInForce(on: date) }.max { $0.version < $1.version }
    }

    public func calendar() async throws -> WorkingCalendar { try await loaded().calendar }

    public func calendarYear(_ year: Int) async throws -> (WorkingCalendar.Year, version: Int)? {
        let loaded = try await loaded()
        guard let version = loaded.yearVersions[year] else { return nil }
        let holidays = loaded.calendar.holidays.filter { $0.key.year == year }.sorted { $0.key < $1.key }
            .map { WorkingCalendar.Year.Holiday(date: $0.key, name: $0.value) }
        let makeUp = loaded.calendar.makeUpWorkingDays.filter { $0.year == year }.sorted()
        return (WorkingCalendar.Year(year: year, holidays: holidays, makeUpWorkingDays: makeUp,
                                     provisional: loaded.calendar.provisionalYears.contains(year)), version)
    }

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

    /// Replaces one year's holidays and make-up days (administrators; `If-Match` version).
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
        let current = try await loaded().yearVersions[year.year]
        if let current {
            guard let expectedVersion else { throw Problem(.preconditionRequired, "if_match_required") }
            guard expectedVersion == current else { throw Problem.staleVersion() }
        }
        let version = (current ?? 0) + 1
        try await database.transaction { tx in
            try await self.repository.saveYear(year, version: version, at: self.clock.now(), on: tx.sql)
            try await self.ledger.append(LicensingEvents.calendarChanged(year, version: version), by: actor, in: tx)
        }
        invalidate()
        return version
    }
}
