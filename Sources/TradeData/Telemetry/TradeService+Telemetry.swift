import FTZCore
import Foundation
import Storage

extension TradeService {
    /// A batch of DCSA-style IoT readings from terminals and trackers: de-duplicated by
    /// eventID, linked to the enterprise whose declaration covers the container, folded into
    /// each container's series and watched by the telemetry alert rules, in one transaction.
    ///
    /// A reporter speaks only for containers it handles (it reported an event for them or a
    /// manifest carrying them) and only for times from the zone's raw retention up to now:
    /// anything else is refused per record (security review, issue 33: any terminal or
    /// logistics feed could post readings for any container, at any time).
    public func ingestTelemetry(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        let now = clock.now()
        let window = TelemetryRecord.Window(now: now, retentionDays: catalogue.telemetry.rawRetentionDays)
        let (read, screened, batchID, pointer) = try read(records, .telemetry, by: actor, identity: { ($0.eventID, $0.digest) }) {
            record, pointer, _ in TelemetryRecord.read(record, at: pointer, window: window)
        }
        let bucket = TimeInterval(catalogue.telemetry.bucketMinutes * 60)
        return try await database.transaction { tx in
            let (candidates, unhandled) = try await self.handledByReporter(read, actor: actor, pointer: pointer, on: tx)
            let linked = try await self.linkedToOwners(candidates.map(\.value), on: tx)
            let inserted = try await self.telemetry.insert(linked, batch: batchID, receivedAt: self.clock.now(), on: tx.sql)
            let missing = candidates.filter { !inserted.contains($0.key) }
            let stored = missing.isEmpty ? [:] : try await self.telemetry.digests(eventIDs: missing.map(\.key), on: tx.sql)
            let records = screened + unhandled + Self.settle(candidates, inserted: inserted, stored: stored, pointer: pointer)
            let accepted = linked.filter { inserted.contains($0.eventID) }
            try await self.telemetry.addToSeries(Self.seriesDeltas(of: accepted, bucket: bucket), on: tx.sql)
            let opened = try await self.monitorTelemetry(accepted, in: tx)
            return try await self.finish(.telemetry, batchID: batchID, records: records, acceptedDigests: accepted.map(\.digest), alerts: opened,
                                         by: actor, in: tx)
        }
    }

    /// Splits readings into those about containers the reporter handles (or about no
    /// container) and refusals naming `equipmentReference` for the rest.
    func handledByReporter(_ candidates: [Candidate<TelemetryReading>], actor: Actor, pointer: @Sendable (Int) -> String,
                           on tx: Transaction) async throws -> ([Candidate<TelemetryReading>], [BatchReport.Record]) {
        let containers = Array(Set(candidates.compactMap { $0.value.container?.rawValue }))
        let handled: Set<String> = if let organisation = actor.organisationID, !containers.isEmpty {
            try await telemetry.handledContainers(containers, by: organisation, on: tx.sql)
        } else { [] }
        var kept: [Candidate<TelemetryReading>] = []
        var refused: [BatchReport.Record] = []
        for candidate in candidates {
            guard let container = candidate.value.container?.rawValue, !handled.contains(container) else { kept.append(candidate); continue }
            refused.append(.init(index: candidate.index, outcome: .rejected, key: candidate.key,
                                 errors: [.init("\(pointer(candidate.index))/equipmentReference", "container_not_handled")],
                                 identity: .init(eventID: candidate.key, container: container)))
        }
        return (kept, refused)
    }

    /// Reefer readings summed up per container and bucket of the zone's length, in the
    /// order of the series' key, so concurrent batches upsert their rows in the same order.
    static func seriesDeltas(of readings: [TelemetryReading], bucket: TimeInterval) -> [TelemetryRepository.BucketDelta] {
        struct Key: Hashable { let container: String; let start: Date }
        var deltas: [Key: TelemetryRepository.BucketDelta] = [:]
        for reading in readings {
            guard let reefer = reading.reefer, let container = reading.container?.rawValue else { continue }
            let start = Date(timeIntervalSince1970: (reading.observedAt.timeIntervalSince1970 / bucket).rounded(.down) * bucket)
            deltas[Key(container: container, start: start), default: .init(container: container, start: start)].add(reefer)
        }
        return deltas.values.sorted { ($0.container, $0.start) < ($1.container, $1.start) }
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
