import FTZCore
import Foundation
import Ledger
import Programs
import SQLKit
import Storage
import Synchronization
import TestSupport
import Testing

/// The programme catalogue over a fresh database, seeded with the bundled ten problems, a
/// hand-driven clock and an environment whose departments and live figures the test sets.
struct ProgrammeFixture {
    let database: Database
    let clock: ManualWallClock
    let service: ProgrammeService
    let environment: TestEnvironment
    let office: Actor
    let industryAndTrade: Actor
    let foreignAffairs: Actor
    let zoneDesk: Actor
    let investor: Actor

    final class TestEnvironment: ProgrammeEnvironment {
        let codes = Mutex<[UUID: String]>([:])
        let measurements = Mutex<[String: LiveMeasurement]>([:])
        let clock: ManualWallClock
        init(clock: ManualWallClock) { self.clock = clock }

        func departmentCode(of organisation: UUID) async throws -> String? { codes.withLock { $0[organisation] } }
        func today() async throws -> LocalDate {
            LocalDate(dayNumber: Int(((clock.now().timeIntervalSince1970 + 7 * 3600) / 86_400).rounded(.down)))
        }
        func measure(_ metric: String) async throws -> LiveMeasurement {
            measurements.withLock { $0[metric] } ?? .unavailable(.unknownMetric)
        }
    }

    static func with<R: Sendable>(_ kind: DatabaseKind, reuseSeconds: TimeInterval = 0, _ body: (ProgrammeFixture) async throws -> R) async throws -> R {
        try await TestDatabase.withFresh(kind) { database in
            let clock = ManualWallClock(testEpoch)
            let environment = TestEnvironment(clock: clock)
            let service = ProgrammeService(database: database, ledger: Ledger(database: database, clock: clock), clock: clock,
                                           environment: environment, liveLifetime: reuseSeconds)
            try await service.seed()
            func person(_ role: Role, department: String?) -> Actor {
                let organisation = UUID.v7(at: clock.now())
                if let department { environment.codes.withLock { $0[organisation] = department } }
                return Actor(principal: .user(UUID.v7(at: clock.now())), organisationID: organisation,
                             organisationKind: department == nil ? .investorEnterprise : .department, roles: [role])
            }
            return try await body(ProgrammeFixture(
                database: database, clock: clock, service: service, environment: environment,
                office: person(.programmeOffice, department: "HPEZA"), industryAndTrade: person(.departmentOfficer, department: "DOIT"),
                foreignAffairs: person(.departmentOfficer, department: "DOFA"), zoneDesk: person(.ezaOfficer, department: "HPEZA"),
                investor: person(.investor, department: nil)))
        }
    }

    func indicator(_ code: String) async throws -> Indicator {
        try #require(try await service.portfolio().flatMap(\.indicators).first { $0.indicator.code == code }?.indicator)
    }

    func progress(_ code: String) async throws -> ProgrammeService.IndicatorProgress {
        try #require(try await service.portfolio().flatMap(\.indicators).first { $0.indicator.code == code })
    }

    func ledgerActions() async throws -> [String] {
        struct Row: Decodable { let action: String }
        return try await database.read { sql in
            try await sql.raw("SELECT action FROM ledger_entries ORDER BY idx").all(decoding: Row.self).map(\.action)
        }
    }

    /// Submits and accepts a monthly value.
    @discardableResult
    func accepted(_ code: String, _ value: Double, month: String, corrects: UUID? = nil) async throws -> MeasurementReport {
        let indicator = try await indicator(code)
        let start = LocalDate("\(month)-01")!
        let end = LocalDate(dayNumber: LocalDate("\(month)-28")!.dayNumber)
        let report = try await service.submitReport(for: indicator.id, .init(value: value, periodStart: start, periodEnd: end, corrects: corrects),
                                                    by: office)
        return try await service.review(report.id, accept: true, comment: nil, by: office)
    }
}
