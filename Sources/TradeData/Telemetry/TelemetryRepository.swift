import FTZCore
import Foundation
import SQLKit
import Storage

/// A stored reading as the time rules see it: when it was observed.
protocol ObservedRow { var observed_at: Date { get } }

/// Raw telemetry readings, each container's series, and what the alert rules look back on.
struct TelemetryRepository {
    /// Inserts readings, skipping event IDs already stored; returns the event IDs inserted.
    func insert(_ readings: [TelemetryReading], batch: UUID, receivedAt: Date, on sql: any SQLDatabase) async throws -> Set<String> {
        var inserted: Set<String> = []
        for chunk in SQLBatch.slices(readings) {
            let rows = chunk.map { item -> SQLQueryString in
                """
                (\(bind: item.eventID), \(bind: item.kind.rawValue), \(bind: item.observedAt), \(bind: item.container?.rawValue),
                 \(bind: item.position?.vehicle), \(bind: item.reefer?.temperature), \(bind: item.reefer?.setpoint), \(bind: item.reefer?.humidity),
                 \(bind: item.reefer?.poweredOn), \(bind: item.seal?.state.rawValue), \(bind: item.seal?.number), \(bind: item.position?.latitude),
                 \(bind: item.position?.longitude), \(bind: item.position?.speed), \(bind: item.organisationID), \(bind: item.digest), \(bind: batch),
                 \(bind: receivedAt))
                """
            }
            struct Row: Decodable { let event_id: String }
            let query = SQLQueryString("""
                INSERT INTO telemetry_readings (event_id, kind, observed_at, container_number, vehicle, temperature, setpoint, humidity,
                    powered_on, seal_state, seal_number, latitude, longitude, speed, organisation_id, digest, batch_id, received_at) VALUES
                """) + SQLBatch.joined(rows) + " ON CONFLICT DO NOTHING RETURNING event_id"
            for row in try await sql.raw(query).all(decoding: Row.self) { inserted.insert(row.event_id) }
        }
        return inserted
    }

    /// Of `containers`, those `organisation` handles: it reported an event for them, or a
    /// manifest that carries them.
    func handledContainers(_ containers: [String], by organisation: UUID, on sql: any SQLDatabase) async throws -> Set<String> {
        struct Row: Decodable { let container: String }
        var handled: Set<String> = []
        for chunk in SQLBatch.slices(containers).map(Array.init) {
            for row in try await sql.raw("""
                SELECT e.container_number AS container FROM container_events e JOIN feed_batches b ON b.id = e.batch_id
                WHERE b.organisation_id = \(bind: organisation) AND e.container_number IN (\(binds: chunk))
                UNION
                SELECT c.container_number AS container FROM manifest_containers c JOIN manifests m ON m.id = c.manifest_id
                JOIN feed_batches b ON b.id = m.batch_id
                WHERE b.organisation_id = \(bind: organisation) AND c.container_number IN (\(binds: chunk))
                """).all(decoding: Row.self) {
                handled.insert(row.container)
            }
        }
        return handled
    }

    func digests(eventIDs: [String], on sql: any SQLDatabase) async throws -> [String: String] {
        struct Row: Decodable { let event_id: String; let digest: String }
        var digests: [String: String] = [:]
        for chunk in SQLBatch.slices(eventIDs).map(Array.init) {
            for row in try await sql.raw("SELECT event_id, digest FROM telemetry_readings WHERE event_id IN (\(binds: chunk))")
                .all(decoding: Row.self) {
                digests[row.event_id] = row.digest
            }
        }
        return digests
    }

    /// One bucket's worth of readings to fold into a container's series.
    struct BucketDelta {
        let container: String
        let start: Date
        var readings = 0
        var total = 0.0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var setpointTotal = 0.0

        mutating func add(_ reefer: TelemetryReading.Reefer) {
            readings += 1
            total += reefer.temperature
            minimum = min(minimum, reefer.temperature)
            maximum = max(maximum, reefer.temperature)
            setpointTotal += reefer.setpoint
        }
    }

    /// Folds readings into the series in one statement per slice: counts and sums add up,
    /// extremes keep the wider, so concurrent batches for one container lose nothing.
    func addToSeries(_ deltas: [BucketDelta], on sql: any SQLDatabase) async throws {
        for chunk in SQLBatch.slices(deltas) {
            let rows = chunk.map { delta -> SQLQueryString in
                """
                (\(bind: delta.container), \(bind: delta.start), \(bind: delta.readings), \(bind: delta.total), \(bind: delta.minimum),
                 \(bind: delta.maximum), \(bind: delta.setpointTotal))
                """
            }
            try await sql.raw(SQLQueryString("""
                INSERT INTO telemetry_series (container_number, bucket_start, readings, total, minimum, maximum, setpoint_total) VALUES
                """) + SQLBatch.joined(rows) + """
                 ON CONFLICT (container_number, bucket_start) DO UPDATE SET
                    readings = telemetry_series.readings + excluded.readings, total = telemetry_series.total + excluded.total,
                    setpoint_total = telemetry_series.setpoint_total + excluded.setpoint_total,
                    minimum = CASE WHEN excluded.minimum < telemetry_series.minimum THEN excluded.minimum ELSE telemetry_series.minimum END,
                    maximum = CASE WHEN excluded.maximum > telemetry_series.maximum THEN excluded.maximum ELSE telemetry_series.maximum END
                """).run()
        }
    }

    /// The latest `limit` rows of a container's series, oldest first.
    func series(of container: String, limit: Int, on sql: any SQLDatabase) async throws -> [TelemetryBucket] {
        struct Row: Decodable {
            let bucket_start: Date
            let readings: Int
            let total: Double
            let minimum: Double
            let maximum: Double
            let setpoint_total: Double
        }
        return try await sql.raw("""
            SELECT bucket_start, readings, total, minimum, maximum, setpoint_total FROM telemetry_series
            WHERE container_number = \(bind: container) ORDER BY bucket_start DESC LIMIT \(bind: limit)
            """).all(decoding: Row.self).reversed().map { row in
            let count = Double(max(row.readings, 1))
            return TelemetryBucket(start: row.bucket_start, readings: row.readings, minimum: row.minimum, mean: row.total / count,
                                   maximum: row.maximum, setpoint: row.setpoint_total / count)
        }
    }

    struct ReeferRow: Decodable, ObservedRow { let observed_at: Date; let temperature: Double; let setpoint: Double; let powered_on: Bool }

    /// A container's reefer readings between two instants, oldest first.
    func reeferReadings(of container: String, from: Date, through: Date, on sql: any SQLDatabase) async throws -> [ReeferRow] {
        try await sql.raw("""
            SELECT observed_at, temperature, setpoint, powered_on FROM telemetry_readings
            WHERE container_number = \(bind: container) AND kind = \(bind: TelemetryReading.Kind.reefer.rawValue)
            AND observed_at >= \(bind: from) AND observed_at <= \(bind: through) ORDER BY observed_at
            """).all(decoding: ReeferRow.self)
    }

    struct PositionRow: Decodable, ObservedRow {
        let observed_at: Date
        let latitude: Double
        let longitude: Double
        let speed: Double
        let container_number: String?
        let organisation_id: UUID?
    }

    /// A truck's positions between two instants, oldest first.
    func positions(of vehicle: String, from: Date, through: Date, on sql: any SQLDatabase) async throws -> [PositionRow] {
        try await sql.raw("""
            SELECT observed_at, latitude, longitude, speed, container_number, organisation_id FROM telemetry_readings
            WHERE vehicle = \(bind: vehicle) AND observed_at >= \(bind: from) AND observed_at <= \(bind: through) ORDER BY observed_at
            """).all(decoding: PositionRow.self)
    }

    struct SealRow: Decodable { let observed_at: Date; let seal_state: String; let seal_number: String }

    func lastSeal(of container: String, on sql: any SQLDatabase) async throws -> SealRow? {
        try await sql.raw("""
            SELECT observed_at, seal_state, seal_number FROM telemetry_readings
            WHERE container_number = \(bind: container) AND kind = \(bind: TelemetryReading.Kind.seal.rawValue)
            ORDER BY observed_at DESC LIMIT 1
            """).first(decoding: SealRow.self)
    }

    func rawCount(of container: String, on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let count: Int }
        return try await sql.raw("SELECT COUNT(*) AS count FROM telemetry_readings WHERE container_number = \(bind: container)")
            .first(decoding: Row.self)?.count ?? 0
    }

    /// Deletes up to `limit` raw readings observed before `cutoff` (their series stay), so
    /// a purge after a long pause runs as short transactions.
    func purge(before cutoff: Date, limit: Int, on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let event_id: String }
        return try await sql.raw("""
            DELETE FROM telemetry_readings
            WHERE event_id IN (SELECT event_id FROM telemetry_readings WHERE observed_at < \(bind: cutoff) LIMIT \(bind: limit))
            RETURNING event_id
            """).all(decoding: Row.self).count
    }

    /// What a container's devices reported: the latest `buckets` rows of its series and its
    /// latest e-seal reading; nil when nothing ever came.
    func telemetry(of container: ContainerNumber, buckets: Int, on sql: any SQLDatabase) async throws -> ContainerTelemetry? {
        let series = try await series(of: container.rawValue, limit: buckets, on: sql)
        let seal = try await lastSeal(of: container.rawValue, on: sql)
        let raw = try await rawCount(of: container.rawValue, on: sql)
        guard !series.isEmpty || seal != nil || raw > 0 else { return nil }
        let sealState = seal.flatMap { row in TelemetryReading.SealState(rawValue: row.seal_state).map { (state: $0, number: row.seal_number, at: row.observed_at) } }
        return ContainerTelemetry(container: container, buckets: series, lastSeal: sealState, readings: raw)
    }
}
