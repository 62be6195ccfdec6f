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
            guard let median = figures.medianDays else { return .unavailable("no dossier decided yet") }
            return LiveMeasurement(value: median, breakdown: figures.medianDaysByProcedure.sorted { $0.key < $1.key }
                .map { .init(key: $0.key, value: $0.value) })
        case "licensing.on_time_rate":
            guard let rate = try await figures().onTimeRate else { return .unavailable("no dossier decided yet") }
            return .value(rate * 100)
        case "licensing.filed_last_year":
            return .value(Double(try await figures().filedSince))
        case "investment.capital_by_country":
            return Self.capital(try await figures().capital, by: \.country)
        case "investment.capital_by_sector":
            return Self.capital(try await figures().capital) { $0.sectorDivision.map { "VSIC \($0)" } ?? "unclassified" }
        case "customs.channel_share":
            // The headline is the green channel's share: goods cleared without inspection.
            let shares = try await trade.channelShares()
            guard !shares.isEmpty else { return .unavailable("no customs declaration received yet") }
            return LiveMeasurement(value: shares["green"] ?? 0, breakdown: shares.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: $0.value) })
        case "logistics.dwell_time":
            guard let hours = try await trade.averageDwellHours() else { return .unavailable("no container has left the zone in the last 90 days") }
            return .value(hours)
        case "risk.hit_rate_red": return try await hitRate(.red)
        case "risk.hit_rate_yellow": return try await hitRate(.yellow)
        case "risk.hit_rate_random": return try await hitRate(nil)
        case "risk.lane_agreement":
            // The headline: the share of declarations whose zone lane is VNACCS's channel;
            // the breakdown per channel shows where the two part.
            let agreement = try await risk.laneAgreement()
            guard let rate = agreement.overall.rate else { return .unavailable("no assessed declaration with a customs channel yet") }
            let parts = Lane.allCases.compactMap { channel in
                agreement.byCustomsChannel[channel]?.rate.map { LiveMeasurement.Part(key: channel.rawValue, value: $0 * 100) }
            }
            return LiveMeasurement(value: rate * 100, breakdown: parts)
        default:
            return .unavailable("unknown live metric \(metric)")
        }
    }

    /// Findings per inspection in a lane (nil: the random sample from green), in per cent,
    /// with the per-model-version rates as the breakdown.
    private func hitRate(_ lane: Lane?) async throws -> LiveMeasurement {
        let versions = try await risk.modelVersions(by: .system("programme-indicators"))
        func rate(_ rates: RiskService.HitRates) -> RiskService.HitRates.Rate? { lane.map { rates.byLane[$0] } ?? rates.randomSample }
        guard let overall = rate(try await risk.hitRates()), let value = overall.rate else {
            return .unavailable(lane == nil ? "no randomly drawn declaration inspected yet" : "no declaration of this lane inspected yet")
        }
        let parts = versions.compactMap { version, rates in
            rate(rates)?.rate.map { LiveMeasurement.Part(key: "model v\(version.version)", value: $0 * 100) }
        }
        return LiveMeasurement(value: value * 100, breakdown: parts)
    }

    func today() async throws -> LocalDate { try await catalogue.today() }

    private func figures() async throws -> LicensingService.Figures {
        try await licensing.figures(filedSince: LocalDate(dayNumber: try await today().dayNumber - 365))
    }

    /// Registered capital summed per group and currency; the headline is the USD total
    /// (amounts in other currencies are listed, not converted: no rate is authoritative here).
    static func capital(_ items: [LicensingService.RegisteredCapital], by group: (LicensingService.RegisteredCapital) -> String)
        -> LiveMeasurement
    {
        guard !items.isEmpty else { return .unavailable("no investment certificate issued yet") }
        var sums: [String: [String: Double]] = [:]
        for item in items { sums[group(item), default: [:]][item.currency, default: 0] += item.amount }
        let parts = sums.flatMap { key, byCurrency in byCurrency.map { LiveMeasurement.Part(key: key, value: $0.value, unit: $0.key) } }
            .sorted { ($0.key, $0.unit ?? "") < ($1.key, $1.unit ?? "") }
        let usd = items.filter { $0.currency == "USD" }.reduce(0) { $0 + $1.amount }
        return LiveMeasurement(value: usd, breakdown: parts)
    }
}
