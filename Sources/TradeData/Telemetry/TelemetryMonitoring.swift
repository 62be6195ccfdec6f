import FTZCore
import Foundation
import Storage

/// The telemetry alert rules, run on what a batch accepted. A rule that needs time (a
/// reefer out of range, a truck standing) looks back at the stored readings around the new
/// ones, so a condition that spans several batches, or arrives out of order, is still seen.
extension TradeService {
    func monitorTelemetry(_ accepted: [TelemetryReading], in tx: Transaction) async throws -> [Alert] {
        guard !accepted.isEmpty else { return [] }
        var findings: [Finding] = []
        if let rule = catalogue.rule(.reeferOutOfRange) { findings += try await outOfRangeFindings(rule, accepted, in: tx) }
        if let rule = catalogue.rule(.reeferPowerOff) { findings += powerOffFindings(rule, accepted) }
        let seals = accepted.filter { $0.seal != nil && $0.container != nil }
        if let rule = catalogue.rule(.sealBreach), !seals.isEmpty { findings += try await sealBreachFindings(rule, seals, in: tx) }
        if let rule = catalogue.rule(.sealMismatch), !seals.isEmpty { findings += try await sealMismatchFindings(rule, seals, in: tx) }
        if let rule = catalogue.rule(.truckStopOutsideArea) { findings += try await truckStopFindings(rule, accepted, in: tx) }
        return try await open(findings, in: tx)
    }

    /// For the rules that need time: the batch's readings that meet the rule's condition,
    /// grouped by what the rule watches (a container, a truck), and for each the latest run
    /// of stored readings that meets it for at least `minutes` and holds one of those readings.
    /// Only the readings around the batch's are fetched, far enough either side for such a run.
    func sustained<Row: ObservedRow>(_ accepted: [TelemetryReading], watching subject: (TelemetryReading) -> String?, minutes: Double,
                                     fetch: (String, Date, Date) async throws -> [Row], where condition: (Row) -> Bool)
        async throws -> [(subject: String, fresh: [TelemetryReading], stretch: [Row])]
    {
        var found: [(subject: String, fresh: [TelemetryReading], stretch: [Row])] = []
        let groups = Dictionary(grouping: accepted.compactMap { reading in subject(reading).map { ($0, reading) } }, by: \.0)
        for (watched, pairs) in groups.sorted(by: { $0.key < $1.key }) {
            let fresh = pairs.map(\.1)
            let times = fresh.map(\.observedAt)
            let rows = try await fetch(watched, times.min()!.addingTimeInterval(-minutes * 60), times.max()!.addingTimeInterval(minutes * 60))
            if let stretch = Self.latestStretch(rows, fresh: times, minutes: minutes, where: condition) { found.append((watched, fresh, stretch)) }
        }
        return found
    }

    /// The latest run of consecutive `rows` (oldest first) meeting `condition` that lasts at
    /// least `minutes` and holds a reading at one of the batch's `fresh` instants.
    static func latestStretch<Row: ObservedRow>(_ rows: [Row], fresh: [Date], minutes: Double, where condition: (Row) -> Bool) -> [Row]? {
        // Milliseconds: a stored instant comes back from either database to that precision.
        func instant(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        let fresh = Set(fresh.map(instant))
        var found: [Row]?
        var current: [Row] = []
        var holdsFresh = false
        func close() {
            if holdsFresh, let first = current.first, let last = current.last, last.observed_at.timeIntervalSince(first.observed_at) >= minutes * 60 {
                found = current
            }
            current = []
            holdsFresh = false
        }
        for row in rows {
            guard condition(row) else { close(); continue }
            current.append(row)
            if fresh.contains(instant(row.observed_at)) { holdsFresh = true }
        }
        close()
        return found
    }

    private func outOfRangeFindings(_ rule: TradeCatalogue.AlertRule, _ accepted: [TelemetryReading], in tx: Transaction) async throws
        -> [Finding]
    {
        let tolerance = rule.thresholds?["toleranceCelsius"] ?? 2
        let minutes = rule.thresholds?["minutes"] ?? 30
        func outside(_ temperature: Double, _ setpoint: Double) -> Bool { abs(temperature - setpoint) > tolerance }
        let stretches = try await sustained(accepted, watching: { reading in
            reading.reefer.flatMap { outside($0.temperature, $0.setpoint) ? reading.container?.rawValue : nil }
        }, minutes: minutes, fetch: { container, from, through in
            try await self.telemetry.reeferReadings(of: container, from: from, through: through, on: tx.sql)
        }, where: { outside($0.temperature, $0.setpoint) })
        return stretches.compactMap { container, fresh, stretch in
            guard let first = stretch.first, let last = stretch.last else { return nil }
            let worst = stretch.max { abs($0.temperature - $0.setpoint) < abs($1.temperature - $1.setpoint) } ?? last
            let minutesOutside = Int64(last.observed_at.timeIntervalSince(first.observed_at) / 60)
            let details: JSONValue = [
                "since": .string(RFC3339.format(first.observed_at)), "until": .string(RFC3339.format(last.observed_at)),
                "minutes": .integer(minutesOutside), "worstTemperature": .number(worst.temperature), "setpoint": .number(worst.setpoint),
                "toleranceCelsius": .number(tolerance),
            ]
            return Finding(rule: rule, subject: "container:\(container)", container: container, declaration: nil,
                           organisation: fresh.last?.organisationID, details: details)
        }
    }

    private func powerOffFindings(_ rule: TradeCatalogue.AlertRule, _ accepted: [TelemetryReading]) -> [Finding] {
        let off = accepted.filter { $0.reefer?.poweredOn == false }
        return Dictionary(grouping: off, by: { $0.container!.rawValue }).sorted(by: { $0.key < $1.key }).map { container, readings in
            let first = readings.min { $0.observedAt < $1.observedAt }!
            return Finding(rule: rule, subject: "container:\(container)", container: container, declaration: nil, organisation: first.organisationID,
                           details: ["at": .string(RFC3339.format(first.observedAt)), "temperature": .number(first.reefer!.temperature),
                                     "setpoint": .number(first.reefer!.setpoint)])
        }
    }

    private func sealBreachFindings(_ rule: TradeCatalogue.AlertRule, _ seals: [TelemetryReading], in tx: Transaction) async throws -> [Finding] {
        let window = (rule.thresholds?["authorisedHours"] ?? 2) * 3600
        let breaches = seals.filter { $0.seal!.state != .closed }
        guard !breaches.isEmpty else { return [] }
        let strippings = try await events.strippings(of: Array(Set(breaches.map { $0.container!.rawValue })), on: tx.sql)
        return breaches.compactMap { reading in
            let container = reading.container!.rawValue
            let seal = reading.seal!
            let authorised = seal.state == .opened
                && (strippings[container] ?? []).contains { abs($0.timeIntervalSince(reading.observedAt)) <= window }
            guard !authorised else { return nil }
            return Finding(rule: rule, subject: "container:\(container)", container: container, declaration: nil,
                           organisation: reading.organisationID,
                           details: ["state": .string(seal.state.rawValue), "sealNumber": .string(seal.number),
                                     "at": .string(RFC3339.format(reading.observedAt)), "eventID": .string(reading.eventID)])
        }
    }

    /// An e-seal reading whose number is not the customs seal recorded for the container by
    /// the port's supervision feed (F12.3): the carrier's seal on the manifest is another seal
    /// and is only reported beside it. A box with no customs seal recorded is not judged.
    private func sealMismatchFindings(_ rule: TradeCatalogue.AlertRule, _ seals: [TelemetryReading], in tx: Transaction) async throws -> [Finding] {
        let statuses = try await supervision.statuses(of: Array(Set(seals.map { $0.container!.rawValue })), on: tx.sql)
        let mismatches = seals.compactMap { reading -> (TelemetryReading, Set<String>)? in
            let customs = Set((statuses[reading.container!.rawValue] ?? []).compactMap {
                $0.customsSeal?.kind == .positioningESeal ? $0.customsSeal?.number : nil
            })
            return customs.isEmpty || customs.contains(reading.seal!.number) ? nil : (reading, customs)
        }
        guard !mismatches.isEmpty else { return [] }
        // The carrier's seals only describe a mismatch: read them for those alone.
        let carrier = try await manifests.seals(of: Array(Set(mismatches.map { $0.0.container!.rawValue })), on: tx.sql)
        return mismatches.map { reading, customs in
            let container = reading.container!.rawValue
            return Finding(rule: rule, subject: "container:\(container)", container: container, declaration: nil,
                           organisation: reading.organisationID,
                           details: ["sealNumber": .string(reading.seal!.number), "customsSeals": .array(customs.sorted().map(JSONValue.string)),
                                     "carrierSeals": .array((carrier[container] ?? []).sorted().map(JSONValue.string)),
                                     "at": .string(RFC3339.format(reading.observedAt))])
        }
    }

    private func truckStopFindings(_ rule: TradeCatalogue.AlertRule, _ accepted: [TelemetryReading], in tx: Transaction) async throws
        -> [Finding]
    {
        let speed = rule.thresholds?["speedKmh"] ?? 3
        let minutes = rule.thresholds?["minutes"] ?? 15
        let areas = catalogue.authorisedAreas
        func strayed(_ latitude: Double, _ longitude: Double, _ moving: Double) -> Bool {
            moving <= speed && !areas.contains { $0.contains(latitude: latitude, longitude: longitude) }
        }
        let stretches = try await sustained(accepted, watching: { reading in
            reading.position.flatMap { strayed($0.latitude, $0.longitude, $0.speed) ? $0.vehicle : nil }
        }, minutes: minutes, fetch: { vehicle, from, through in
            try await self.telemetry.positions(of: vehicle, from: from, through: through, on: tx.sql)
        }, where: { strayed($0.latitude, $0.longitude, $0.speed) })
        return stretches.compactMap { vehicle, _, stretch in
            guard let first = stretch.first, let last = stretch.last else { return nil }
            let details: JSONValue = [
                "vehicle": .string(vehicle), "since": .string(RFC3339.format(first.observed_at)), "until": .string(RFC3339.format(last.observed_at)),
                "minutes": .integer(Int64(last.observed_at.timeIntervalSince(first.observed_at) / 60)),
                "latitude": .number(last.latitude), "longitude": .number(last.longitude),
                // The outlines it was judged against are not surveyed yet (the officer should know).
                "outlinesApproximate": .bool(areas.contains { $0.approximate == true }),
            ]
            return Finding(rule: rule, subject: "vehicle:\(vehicle)", container: last.container_number, declaration: nil,
                           organisation: last.organisation_id, details: details)
        }
    }
}
