import FTZCore
import Foundation

/// Per-procedure statistics for staff: counts by status, processing times, on-time share
/// and the most frequent refusal reasons, from the report repository.
extension LicensingService {
    /// Per procedure: dossiers by status, processing time in working days (paused time
    /// excluded) at the median and 90th percentile, the share decided on time, and the
    /// most frequent refusal reasons.
    public struct ProcedureStatistics: Sendable, Equatable {
        public let procedure: String
        public let countsByStatus: [String: Int]
        public let decided: Int
        public let medianDays: Double?
        public let p90Days: Double?
        public let onTimeRate: Double?
        public let topRefusalReasons: [(code: String, count: Int)]

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.procedure == rhs.procedure && lhs.countsByStatus == rhs.countsByStatus && lhs.decided == rhs.decided
                && lhs.medianDays == rhs.medianDays && lhs.p90Days == rhs.p90Days && lhs.onTimeRate == rhs.onTimeRate
                && lhs.topRefusalReasons.map(\.code) == rhs.topRefusalReasons.map(\.code)
        }
    }

    public func statistics(procedure: String?, by actor: Actor) async throws -> [ProcedureStatistics] {
        try actor.require(anyOf: .ezaOfficer, .ezaApprover, .admin, .auditor)
        let (counts, decisions) = try await database.read { sql in
            (try await self.reports.statusCounts(procedure: procedure, on: sql), try await self.reports.decisions(procedure: procedure, on: sql))
        }
        let codes = Set(counts.map(\.procedure_code)).union(decisions.map(\.procedure_code)).sorted()
        return codes.map { code in
            let decided = decisions.filter { $0.procedure_code == code }
            let days = decided.compactMap(\.processing_days).sorted()
            var reasons: [String: Int] = [:]
            for row in decided { for reason in (row.refusal_reasons ?? "").split(separator: ",") { reasons[String(reason), default: 0] += 1 } }
            return ProcedureStatistics(
                procedure: code,
                countsByStatus: Dictionary(counts.filter { $0.procedure_code == code }.map { ($0.status, $0.n) }, uniquingKeysWith: +),
                decided: decided.count, medianDays: Self.percentile(days, 0.5), p90Days: Self.percentile(days, 0.9),
                onTimeRate: decided.isEmpty ? nil : Double(decided.filter { $0.on_time == true }.count) / Double(decided.count),
                topRefusalReasons: reasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5)
                    .map { ($0.key, $0.value) })
        }
    }

    /// Nearest-rank percentile (the value below which the share `p` of cases fall).
    static func percentile(_ sorted: [Int], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
        return Double(sorted[min(rank, sorted.count) - 1])
    }
}
