import FTZCore
import Foundation

/// What staff (and an enterprise, about itself) can ask of the trade data.
extension TradeService {
    /// A container's track and trace.
    public func history(of text: String, by actor: Actor) async throws -> ContainerHistory {
        try requireStaff(actor)
        let container: ContainerNumber
        do { container = try ContainerNumber(text) } catch { throw Problem.invalid("path:container", error.reason) }
        let number = container.rawValue
        return try await database.read { sql in
            let status = try await self.containerStatus.status(of: number, on: sql)
            let events = try await self.events.history(of: number, on: sql).map(StoredEvent.init)
            let declarations = try await self.declarations.covering(number, on: sql).map(DeclarationVersion.init)
            let manifests = try await self.manifests.listing(number, on: sql).map {
                ManifestListing(vesselIMO: $0.vessel_imo, voyage: $0.voyage, portOfLoading: $0.port_of_loading, portOfDischarge: $0.port_of_discharge,
                                billNumber: $0.bill_number)
            }
            let alerts = try await self.alerts.list(status: nil, container: number, organisation: nil, after: nil, limit: 100, on: sql)
            let telemetry = try await self.telemetry.telemetry(of: container, buckets: self.telemetryWeek, on: sql)
            let supervision = try await self.supervision.statuses(of: [number], on: sql)[number] ?? []
            let carrierSeals = try await self.manifests.seals(of: [number], on: sql)[number] ?? []
            guard status != nil || !events.isEmpty || !declarations.isEmpty || !manifests.isEmpty || telemetry != nil || !supervision.isEmpty else {
                throw Problem.notFound("container")
            }
            return ContainerHistory(container: number, state: status?.state, inZone: status?.in_zone ?? false, since: status?.since,
                                    cargoType: status?.cargo_type, events: events, declarations: declarations, manifests: manifests,
                                    alerts: alerts, telemetry: telemetry, supervision: supervision, carrierSeals: carrierSeals.sorted())
        }
    }

    /// Every version of one declaration, newest first.
    public func declaration(_ number: String, by actor: Actor) async throws -> [DeclarationVersion] {
        try requireStaff(actor)
        let versions = try await database.read { try await self.declarations.versions(of: number, on: $0) }.map(DeclarationVersion.init)
        guard !versions.isEmpty else { throw Problem.notFound("declaration") }
        return versions
    }

    /// An enterprise's trade summary: for staff, or for the enterprise's own people.
    public func summary(of organisation: UUID, by actor: Actor) async throws -> TradeSummary {
        if actor.organisationID != organisation || !actor.has(.investor) {
            do { try requireStaff(actor) } catch let problem as Problem where problem.status == .forbidden {
                throw Problem.notFound("organisation")  // another enterprise's figures do not exist for this caller
            }
        }
        return try await tradeSummary(of: organisation)
    }

    /// The summary without an authorisation check, for the inter-agency exchange, which
    /// authorises each query by grant.
    public func tradeSummary(of organisation: UUID) async throws -> TradeSummary {
        let (rows, inZone, openAlerts) = try await database.read { sql in
            (try await self.declarations.latest(of: organisation, on: sql).map(DeclarationVersion.init),
             try await self.containerStatus.inZoneCount(of: organisation, on: sql),
             try await self.alerts.unclosedCount(of: organisation, on: sql))
        }
        func counts(_ key: (DeclarationVersion) -> String) -> [String: Int] { Dictionary(grouping: rows, by: key).mapValues(\.count) }
        var totals: [String: [Currency: Int64]] = [:]
        for row in rows where row.status != Declaration.Status.cancelled.rawValue {
            if let value = row.totalValue { totals[row.direction, default: [:]][value.currency, default: 0] += value.minorUnits }
        }
        var chapters: [Int: Int] = [:]
        for line in rows.flatMap(\.lines) { chapters[line.hsCode.chapter, default: 0] += 1 }
        return TradeSummary(
            organisationID: organisation, declarations: rows.count, byDirection: counts(\.direction), byChannel: counts(\.channel),
            byStatus: counts(\.status),
            value: totals.flatMap { direction, byCurrency in byCurrency.map { (direction, Money(minorUnits: $0.value, currency: $0.key)) } }
                .sorted { ($0.direction, $0.total.currency.code) < ($1.direction, $1.total.currency.code) },
            topChapters: chapters.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map { ($0.key, $0.value) },
            containersInZone: inZone, openAlerts: openAlerts)
    }

    /// An enterprise's latest container events, newest first, for the exchange (authorised by grant).
    public func recentEvents(of organisation: UUID, limit: Int = 100) async throws -> [StoredEvent] {
        try await database.read { try await self.events.recent(of: organisation, limit: limit, on: $0) }.map(StoredEvent.init)
    }

    /// Shares of declarations per customs channel, over the latest versions (programme indicators).
    public func channelShares() async throws -> [String: Double] {
        let counts = try await channelCounts()
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return [:] }
        return counts.mapValues { 100 * Double($0) / Double(total) }
    }

    /// Declarations per customs channel, over the latest versions: the shares' sample.
    public func channelCounts() async throws -> [String: Int] {
        try await database.read { try await self.declarations.channelCounts(on: $0) }
    }

    /// Average hours containers spent in the zone's yards, from entry to leaving, over
    /// containers that left in the last `days` days (programme indicators), and how many
    /// containers' stays it averages (the figure's sample); nil when none left.
    public func dwellTime(days: Int = 90) async throws -> (averageHours: Double, containers: Int)? {
        let cutoff = clock.now().addingTimeInterval(-Double(days) * 86_400)
        let rows = try await database.read { try await self.events.yardMoves(ofContainersLeavingSince: cutoff, on: $0) }
        var stays: [Double] = []
        var entered: (String, Date)?
        for row in rows {
            if row.code == "GTIN" || row.code == "DISC" {
                if row.in_zone { entered = (row.container_number, row.event_at) }
            } else if let (container, at) = entered, container == row.container_number, row.event_at >= cutoff {
                stays.append(row.event_at.timeIntervalSince(at) / 3600)
                entered = nil
            }
        }
        return stays.isEmpty ? nil : (stays.reduce(0, +) / Double(stays.count), stays.count)
    }
}
