import FTZCore
import Foundation
import Ledger
import Localization
import SQLKit
import Storage
import Synchronization

/// The city's big problems as programmes: their indicators, milestones and reports, and
/// how each stands. Titles, indicators and progress are public; the programme office
/// administers the catalogue and reviews reports; a responsible department reports only
/// on its own indicators. Every change goes to the ledger.
public final class ProgrammeService: Sendable {
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    let environment: any ProgrammeEnvironment
    let repository = ProgrammeRepository()
    let liveCache = Mutex<(at: Date, values: [String: LiveMeasurement])?>(nil)
    /// The last portfolio computed, and a generation bumped by every committed change here,
    /// so a computation that raced a change is not kept.
    private let portfolioCache = Mutex<(generation: Int, at: Date?, value: [ProgrammeProgress])>((0, nil, []))
    /// Seconds live measurements and the portfolio are reused. Changes made through this
    /// process show at once; another process's changes (several servers on one PostgreSQL)
    /// show within this time. Live indicators aggregate the licensing tables.
    public let liveLifetime: TimeInterval

    /// The zone's date now, on which progress and overdue milestones are judged.
    public func today() async throws -> LocalDate { try await environment.today() }

    public init(database: Database, ledger: Ledger, clock: any WallClock, environment: any ProgrammeEnvironment,
                liveLifetime: TimeInterval = 10) {
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.environment = environment
        self.liveLifetime = liveLifetime
    }

    /// Seeds the ten problems on first start (from the compiled-in catalogue, or another
    /// zone's `programmes.yaml`).
    public func seed(directory: URL? = nil) async throws {
        let seeds = try directory.map { try ProgrammeSeed.load(directory: $0) } ?? ProgrammeSeed.bundled()
        try await database.transaction { tx in
            guard try await self.repository.programmes(on: tx.sql).isEmpty, !seeds.isEmpty else { return }
            var events: [LedgerEvent] = []
            for seed in seeds {
                let programme = Programme(id: UUID.v7(at: self.clock.now()), number: seed.number, code: seed.code, title: seed.title,
                                          leadSectors: seed.leadSectors, leadDepartment: seed.leadDepartment, legalBasis: seed.legalBasis,
                                          expectedResults: seed.expectedResults, version: 1)
                try await self.repository.insert(programme, on: tx.sql)
                events.append(ProgrammeEvents.programme("created", programme))
                for item in seed.indicators {
                    let indicator = Indicator(id: UUID.v7(at: self.clock.now()), programmeID: programme.id, code: item.code, group: item.group,
                                              name: item.name, unit: item.unit, direction: item.direction, baseline: item.baseline,
                                              target: item.target, dataSource: item.dataSource,
                                              responsibleDepartment: item.responsibleDepartment ?? seed.leadDepartment, liveMetric: item.live,
                                              latestValue: nil, latestPeriodEnd: nil, version: 1)
                    try await self.repository.insert(indicator, on: tx.sql)
                    events.append(ProgrammeEvents.indicator("created", indicator))
                }
            }
            try await self.ledger.append(events, by: .system("catalogue"), in: tx)
            self.catalogueChanged(in: tx)
        }
    }

    // MARK: - Reading (public)

    public func programmes() async throws -> [Programme] {
        try await database.read { try await self.repository.programmes(on: $0) }
    }

    /// A programme by id or code.
    public func programme(_ key: String) async throws -> Programme {
        guard let programme = try await programmes().first(where: { $0.id.uuidString.lowercased() == key.lowercased() || $0.code == key })
        else { throw Problem.notFound("programme") }
        return programme
    }

    public struct IndicatorProgress: Sendable {
        public let indicator: Indicator
        public let assessment: ProgressRule.Assessment
        public let live: LiveMeasurement?

        /// The message key that names the assessment for people: `progress.<status>`, except
        /// that an indicator with a target but no baseline is "no baseline" (`no_target`
        /// covers both, and "no target" must not stand beside a target).
        public var statusKey: String {
            if assessment.status == .noTarget, indicator.target != nil, indicator.baseline == nil { return "progress.no_baseline" }
            return "progress.\(assessment.status.rawValue)"
        }
    }

    public struct ProgrammeProgress: Sendable {
        public let programme: Programme
        public let status: ProgressRule.Status
        public let indicators: [IndicatorProgress]
        public let milestones: [Milestone]
    }

    /// Every programme with its indicators assessed: three queries, whatever the history,
    /// reused for ``liveLifetime`` seconds unless this process changes the catalogue.
    public func portfolio() async throws -> [ProgrammeProgress] {
        let now = clock.now()
        let (generation, cached) = portfolioCache.withLock { cache in
            (cache.generation, cache.at.map { now.timeIntervalSince($0) < liveLifetime && $0 <= now } == true ? cache.value : nil)
        }
        if let cached { return cached }
        let computed = try await computePortfolio()
        portfolioCache.withLock { cache in
            if cache.generation == generation { cache = (generation, now, computed) }
        }
        return computed
    }

    /// Forgets the cached portfolio; registered after the commit of every change.
    func catalogueChanged(in tx: Transaction) {
        tx.afterCommit { self.portfolioCache.withLock { $0 = ($0.generation + 1, nil, []) } }
    }

    private func computePortfolio() async throws -> [ProgrammeProgress] {
        let (programmes, indicators, milestones) = try await database.read { sql in
            (try await self.repository.programmes(on: sql), try await self.repository.indicators(on: sql),
             try await self.repository.milestones(on: sql))
        }
        let live = try await liveMeasurements(for: indicators)
        let today = try await environment.today()
        let byProgramme = Dictionary(grouping: indicators, by: \.programmeID)
        let milestonesByProgramme = Dictionary(grouping: milestones, by: \.programmeID)
        return programmes.map { programme in
            let progress = (byProgramme[programme.id] ?? []).map { indicator in
                assess(indicator, live: indicator.liveMetric.flatMap { live[$0] }, today: today)
            }
            return ProgrammeProgress(programme: programme, status: ProgressRule.rollUp(progress.map(\.assessment.status)),
                                     indicators: progress, milestones: milestonesByProgramme[programme.id] ?? [])
        }
    }

    public func progress(of key: String) async throws -> ProgrammeProgress {
        let programme = try await programme(key)
        guard let found = try await portfolio().first(where: { $0.programme.id == programme.id }) else { throw Problem.notFound("programme") }
        return found
    }

    func assess(_ indicator: Indicator, live: LiveMeasurement?, today: LocalDate) -> IndicatorProgress {
        var actual = indicator.latestValue
        var measuredOn = indicator.latestPeriodEnd
        if let value = live?.value {
            actual = value
            measuredOn = today
        }
        let assessment = ProgressRule.assess(direction: indicator.direction, baseline: indicator.baseline, target: indicator.target,
                                             actual: actual, measuredOn: measuredOn)
        return IndicatorProgress(indicator: indicator, assessment: assessment, live: live)
    }

    /// One indicator's accepted values over time: per period, the latest accepted version
    /// (a correction replaces what it corrects, which stays on record).
    public func series(_ indicatorID: UUID) async throws -> (Indicator, [MeasurementReport]) {
        let (indicator, reports) = try await database.read { sql in
            (try await self.repository.indicator(indicatorID, on: sql), try await self.repository.reports(indicator: indicatorID, on: sql))
        }
        guard let indicator else { throw Problem.notFound("indicator") }
        return (indicator, Self.acceptedSeries(reports))
    }

    static func acceptedSeries(_ reports: [MeasurementReport]) -> [MeasurementReport] {
        var latest: [String: MeasurementReport] = [:]
        for report in reports where report.status == .accepted {
            let key = "\(report.periodStart.dayNumber)-\(report.periodEnd.dayNumber)"
            if let existing = latest[key], existing.submittedAt > report.submittedAt { continue }
            latest[key] = report
        }
        return latest.values.sorted { ($0.periodEnd, $0.periodStart) < ($1.periodEnd, $1.periodStart) }
    }
}
