import FTZCore
import Foundation
import SQLKit
import Storage

/// Indicators computed from the system's own data (problem 10).
///
/// A live metric is a name the environment measures (`licensing.median_days`), optionally
/// with an argument after a colon. One is derived here rather than measured:
/// `licensing.online_share:<indicator>` — the share of dossiers filed online over the last
/// 365 days, against those plus the paper filings the one-stop desk reports on the named
/// indicator over the same days.
extension ProgrammeService {
    static let onlineShareMetric = "licensing.online_share"
    static let filedLastYearMetric = "licensing.filed_last_year"

    func liveMeasurements(for indicators: [Indicator]) async throws -> [String: LiveMeasurement] {
        let now = clock.now()
        if let cached = liveCache.withLock({ $0 }), now.timeIntervalSince(cached.at) < liveLifetime { return cached.values }
        var values: [String: LiveMeasurement] = [:]
        for metric in Set(indicators.compactMap(\.liveMetric)) {
            let (name, argument) = Self.split(metric)
            if name == Self.onlineShareMetric, let paperIndicator = argument {
                values[metric] = try await onlineShare(paperIndicator: paperIndicator, today: try await environment.today())
            } else {
                values[metric] = try await environment.measure(metric)
            }
        }
        let measured = values
        liveCache.withLock { $0 = (now, measured) }
        return values
    }

    static func split(_ metric: String) -> (name: String, argument: String?) {
        guard let colon = metric.firstIndex(of: ":") else { return (metric, nil) }
        return (String(metric[..<colon]), String(metric[metric.index(after: colon)...]))
    }

    private func onlineShare(paperIndicator code: String, today: LocalDate) async throws -> LiveMeasurement {
        let online = try await environment.measure(Self.filedLastYearMetric)
        guard let onlineCount = online.value else { return online }
        let yearAgo = LocalDate(dayNumber: today.dayNumber - 365)
        let paperReports = try await database.read { sql -> [MeasurementReport] in
            guard let indicator = try await self.repository.indicator(code: code, on: sql) else { return [] }
            return try await self.repository.reports(indicator: indicator.id, on: sql)
        }
        let paper = Self.acceptedSeries(paperReports).filter { $0.periodStart >= yearAgo }.reduce(0) { $0 + $1.value }
        guard onlineCount + paper > 0 else { return .unavailable(.noFiling) }
        return LiveMeasurement(value: 100 * onlineCount / (onlineCount + paper),
                               breakdown: [.init(key: "online", value: onlineCount, unit: "dossiers"),
                                           .init(key: "paper", value: paper, unit: "dossiers")],
                               by: .filingChannel, sample: .init(Int((onlineCount + paper).rounded()), of: .filedDossiers))
    }
}
