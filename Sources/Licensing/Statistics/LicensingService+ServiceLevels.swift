import FTZCore
import Foundation

/// The service-level board: over a chosen period, how each procedure, each officer and each
/// consulted department did against the statutory time limits, and what each has open now.
extension LicensingService {
    /// One row of the board. Processing and answer times are in working days of the zone's
    /// calendar; `open` is what is still with them today.
    public struct ServiceLevel: Sendable, Equatable {
        public let key: String
        public let decided: Int
        public let onTimeRate: Double?
        public let medianDays: Double?
        public let p90Days: Double?
        public let open: Int
    }

    public struct ServiceLevels: Sendable, Equatable {
        public let from: LocalDate
        public let to: LocalDate
        public let procedures: [ServiceLevel]
        /// Keyed by the assignee's user id; "" for dossiers nobody has taken yet.
        public let officers: [ServiceLevel]
        /// Keyed by department code: consultations answered, on time by their due date.
        public let departments: [ServiceLevel]
    }

    /// The longest period one board may cover.
    public static let maximumServiceLevelDays = 3 * 366

    public func serviceLevels(from: LocalDate, to: LocalDate, by actor: Actor) async throws -> ServiceLevels {
        try actor.require(anyOf: .ezaOfficer, .ezaApprover, .admin, .auditor)
        var validator = FieldValidator()
        validator.check(from <= to, "to", "period_order")
        validator.check(to.dayNumber - from.dayNumber <= Self.maximumServiceLevelDays, "from", "period_too_long",
                        arguments: ["max": String(Self.maximumServiceLevelDays)])
        if !validator.errors.isEmpty { throw Problem(.badRequest, "invalid_parameter", fieldErrors: validator.errors) }
        let calendar = try await catalogue.calendar()
        let active = DossierStatus.allCases.filter(\.isActive)
        let (decisions, open, consultations) = try await database.read { sql in
            (try await self.reports.decisions(decidedFrom: from, through: to, on: sql),
             try await self.reports.openWork(statuses: active, on: sql),
             try await self.reports.consultations(requestedFrom: from, through: to, on: sql))
        }
        func levels(_ key: (DossierReportRepository.Decision) -> String, open openKey: (DossierReportRepository.OpenWork) -> String)
            -> [ServiceLevel]
        {
            let decided = Dictionary(grouping: decisions, by: key)
            let load = Dictionary(grouping: open, by: openKey).mapValues { $0.reduce(0) { $0 + $1.n } }
            return Set(decided.keys).union(load.keys).sorted().map { name in
                let rows = decided[name] ?? []
                let days = rows.compactMap(\.processing_days).sorted()
                return ServiceLevel(key: name, decided: rows.count,
                                    onTimeRate: rows.isEmpty ? nil : Double(rows.filter { $0.on_time == true }.count) / Double(rows.count),
                                    medianDays: Self.percentile(days, 0.5), p90Days: Self.percentile(days, 0.9), open: load[name] ?? 0)
            }
        }
        let departments = Dictionary(grouping: consultations, by: \.department_code).sorted { $0.key < $1.key }.map { code, rows in
            let answered = rows.compactMap { row in row.answered_at.map { (row, calendar.localDate(of: $0)) } }
            let days = answered.map { row, day in calendar.workingDays(after: LocalDate(dayNumber: row.requested_on), through: day) }.sorted()
            return ServiceLevel(key: code, decided: answered.count,
                                onTimeRate: answered.isEmpty ? nil
                                    : Double(answered.filter { $0.1.dayNumber <= $0.0.due_on }.count) / Double(answered.count),
                                medianDays: Self.percentile(days, 0.5), p90Days: Self.percentile(days, 0.9),
                                open: rows.count - answered.count)
        }
        return ServiceLevels(from: from, to: to, procedures: levels(\.procedure_code, open: \.procedure_code),
                             officers: levels({ $0.assignee_id?.uuidString.lowercased() ?? "" }, open: { $0.assignee_id?.uuidString.lowercased() ?? "" }),
                             departments: departments)
    }
}
