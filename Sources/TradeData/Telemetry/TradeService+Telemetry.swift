import FTZCore
import Foundation
import Storage

extension TradeService {
    /// A batch of DCSA-style IoT readings from terminals and trackers: de-duplicated by
    /// eventID, linked to the enterprise whose declaration covers the container, folded into
    /// each container's series and watched by the telemetry alert rules, in one transaction.
    public func ingestTelemetry(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        let batch = try read(records, .telemetry, by: actor, identity: { ($0.eventID, $0.digest) }) { record, pointer, _ in
            TelemetryRecord.read(record, at: pointer)
        }
        let (candidates, screened, batchID, pointer) = (batch.candidates, batch.settled, batch.batchID, batch.pointer)
        let bucket = TimeInterval(catalogue.telemetry.bucketMinutes * 60)
        return try await database.transaction { tx in
            let containers = Array(Set(candidates.compactMap { $0.value.container?.rawValue }))
            let owners = containers.isEmpty ? [:] : try await self.declarations.owners(of: containers, on: tx.sql)
            let linked = candidates.map { candidate -> TelemetryReading in
                var reading = candidate.value
                reading.organisationID = reading.container.flatMap { owners[$0.rawValue] }
                return reading
            }
            let inserted = try await self.telemetry.insert(linked, batch: batchID, receivedAt: self.clock.now(), on: tx.sql)
            let missing = candidates.filter { !inserted.contains($0.key) }
            let stored = missing.isEmpty ? [:] : try await self.telemetry.digests(eventIDs: missing.map(\.key), on: tx.sql)
            let records = screened + Self.settle(candidates, inserted: inserted, stored: stored, pointer: pointer)
            let accepted = linked.filter { inserted.contains($0.eventID) }
            try await self.telemetry.addToSeries(Self.seriesDeltas(of: accepted, bucket: bucket), on: tx.sql)
            let opened = try await self.monitorTelemetry(accepted, in: tx)
            return try await self.finish(.telemetry, batchID: batchID, records: records, acceptedDigests: accepted.map(\.digest), alerts: opened,
                                         by: actor, in: tx)
        }
    }

    /// Reefer readings summed up per container and bucket of the zone's length.
    static func seriesDeltas(of readings: [TelemetryReading], bucket: TimeInterval) -> [TelemetryRepository.BucketDelta] {
        var deltas: [String: TelemetryRepository.BucketDelta] = [:]
        for reading in readings {
            guard let reefer = reading.reefer, let container = reading.container?.rawValue else { continue }
            let start = Date(timeIntervalSince1970: (reading.observedAt.timeIntervalSince1970 / bucket).rounded(.down) * bucket)
            let key = "\(container)|\(start.timeIntervalSince1970)"
            let value = reefer.temperature
            if var delta = deltas[key] {
                delta.readings += 1
                delta.total += value
                delta.minimum = min(delta.minimum, value)
                delta.maximum = max(delta.maximum, value)
                delta.setpointTotal += reefer.setpoint
                deltas[key] = delta
            } else {
                deltas[key] = .init(container: container, start: start, readings: 1, total: value, minimum: value, maximum: value,
                                    setpointTotal: reefer.setpoint)
            }
        }
        return deltas.keys.sorted().map { deltas[$0]! }
    }

    /// The raw readings past the zone's retention period are deleted, a slice at a time;
    /// the series they were folded into stay. Returns how many were deleted.
    @discardableResult
    public func purgeTelemetry(slice: Int = 10_000) async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-Double(catalogue.telemetry.rawRetentionDays) * 86_400)
        var deleted = 0
        while true {
            let count = try await database.transaction { tx in try await self.telemetry.purge(before: cutoff, limit: slice, on: tx.sql) }
            deleted += count
            guard count == slice else { break }
        }
        if deleted > 0 { logger.info("telemetry purged", metadata: ["readings": "\(deleted)", "before": "\(RFC3339.format(cutoff))"]) }
        return deleted
    }

    /// Rows of a container's series the track shows: seven days' worth.
    var telemetryWeek: Int { 7 * 24 * 60 / catalogue.telemetry.bucketMinutes }
}
