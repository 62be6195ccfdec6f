import FTZCore
import Foundation
import Identity
import Licensing
import Programs
import Risk
import RiskLearning
import TradeData

/// The programme catalogue's view of the rest of the system: department codes from
/// identity, live indicators from licensing's figures.
struct LiveProgrammeEnvironment: ProgrammeEnvironment {
    let identity: IdentityDirectory
    let licensing: LicensingService
    let catalogue: CatalogueService
    let trade: TradeService
    let risk: RiskService
    let clock: any WallClock

    func departmentCode(of organisation: UUID) async throws -> String? {
        try await identity.organisationRecord(organisation)?.code
    }

    func measure(_ metric: String) async throws -> LiveMeasurement {
        switch metric {
        case "licensing.median_days":
            let figures = try await figures()
            guard let median = figures.medianDays else { return .unavailable(.noDecision) }
            return LiveMeasurement(value: median, breakdown: figures.medianDaysByProcedure.sorted { $0.key < $1.key }
                .map { .init(key: $0.key, value: $0.value, sampleSize: figures.timedByProcedure[$0.key]) },
                                   by: .procedure, sample: .init(figures.timed, of: .decidedDossiers))
        case "licensing.on_time_rate":
            let figures = try await figures()
            guard let rate = figures.onTimeRate else { return .unavailable(.noDecision) }
            return .value(rate * 100, sample: .init(figures.decided, of: .decidedDossiers))
        case "licensing.filed_last_year":
            return .value(Double(try await figures().filedSince))
        case "investment.capital_by_country":
            return Self.capital(try await figures().capital, by: .country, \.country)
        case "investment.capital_by_sector":
            return Self.capital(try await figures().capital, by: .sector) { $0.sectorDivision ?? "unclassified" }
        case "customs.channel_share":
            // The headline is the green channel's share: goods cleared without inspection.
            let counts = try await trade.channelCounts()
            let total = counts.values.reduce(0, +)
            guard total > 0 else { return .unavailable(.noDeclaration) }
            let share = { (count: Int) in 100 * Double(count) / Double(total) }
            return LiveMeasurement(value: share(counts["green"] ?? 0),
                                   breakdown: counts.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: share($0.value)) },
                                   by: .customsChannel, sample: .init(total, of: .declarations))
        case "licensing.satisfaction":
            // The share of applicants who rated the service 4 or 5 out of 5 once they had the result.
            let figures = try await licensing.satisfaction()
            guard let share = figures.satisfiedShare else { return .unavailable(.noRating) }
            return .value(share * 100, sample: .init(figures.ratings, of: .ratings))
        case "logistics.dwell_time":
            guard let dwell = try await trade.dwellTime() else { return .unavailable(.noContainerLeft) }
            return .value(dwell.averageHours, sample: .init(dwell.containers, of: .containers))
        case "risk.hit_rate_red": return try await hitRate(.red)
        case "risk.hit_rate_yellow": return try await hitRate(.yellow)
        case "risk.hit_rate_random": return try await hitRate(nil)
        case "risk.lane_agreement":
            // The headline: the share of declarations whose zone lane is VNACCS's channel;
            // the breakdown per channel shows where the two part.
            let agreement = try await risk.laneAgreement()
            guard let rate = agreement.overall.rate else { return .unavailable(.noChannelAssessed) }
            let parts = Lane.allCases.compactMap { channel in
                agreement.byCustomsChannel[channel].flatMap { share in
                    share.rate.map { LiveMeasurement.Part(key: channel.rawValue, value: $0 * 100, sampleSize: share.declarations) }
                }
            }
            return LiveMeasurement(value: rate * 100, breakdown: parts, by: .customsChannel,
                                   sample: .init(agreement.overall.declarations, of: .declarations))
        default:
            return .unavailable(.unknownMetric)
        }
    }

    /// Findings per inspection in a lane (nil: the random sample from green), in per cent,
    /// with the per-model-version rates as the breakdown.
    private func hitRate(_ lane: Lane?) async throws -> LiveMeasurement {
        let versions = try await risk.modelVersions(by: .system("programme-indicators"))
        func rate(_ rates: RiskService.HitRates) -> RiskService.HitRates.Rate? { lane.map { rates.byLane[$0] } ?? rates.randomSample }
        guard let overall = rate(try await risk.hitRates()), let value = overall.rate else {
            return .unavailable(lane == nil ? .noRandomInspection : .noLaneInspection)
        }
        let parts = versions.compactMap { version, rates in
            rate(rates).flatMap { counted in
                counted.rate.map { LiveMeasurement.Part(key: String(version.version), value: $0 * 100, sampleSize: counted.inspected) }
            }
        }
        return LiveMeasurement(value: value * 100, breakdown: parts, by: .modelVersion, sample: .init(overall.inspected, of: .inspections))
    }

    func today() async throws -> LocalDate { try await catalogue.today() }

    private func figures() async throws -> LicensingService.Figures {
        try await licensing.figures(filedSince: LocalDate(dayNumber: try await today().dayNumber - 365))
    }

    /// Registered capital summed per group and currency; the headline is the USD total
    /// (amounts in other currencies are listed, not converted: no rate is authoritative here).
    static func capital(_ items: [LicensingService.RegisteredCapital], by dimension: LiveMeasurement.Dimension,
                        _ group: (LicensingService.RegisteredCapital) -> String) -> LiveMeasurement
    {
        guard !items.isEmpty else { return .unavailable(.noCertificate) }
        var sums: [String: [String: Double]] = [:]
        for item in items { sums[group(item), default: [:]][item.currency, default: 0] += item.amount }
        let parts = sums.flatMap { key, byCurrency in byCurrency.map { LiveMeasurement.Part(key: key, value: $0.value, unit: $0.key) } }
            .sorted { ($0.key, $0.unit ?? "") < ($1.key, $1.unit ?? "") }
        let usd = items.filter { $0.currency == "USD" }.reduce(0) { $0 + $1.amount }
        return LiveMeasurement(value: usd, breakdown: parts, by: dimension, sample: .init(items.count, of: .certificates))
    }
}
