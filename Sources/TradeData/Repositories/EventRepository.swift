import FTZCore
import Foundation
import SQLKit
import Storage

/// Container events and where each container stands.
struct EventRepository {
    /// Inserts events, skipping any whose eventID or key is already stored; returns the
    /// eventIDs actually inserted.
    func insert(_ events: [ContainerEvent], batch: UUID, firstSequence: Int64, receivedAt: Date, on sql: any SQLDatabase) async throws
        -> Set<String>
    {
        var inserted: Set<String> = []
        var sequence = firstSequence
        for chunk in SQLBatch.slices(events) {
            let rows = chunk.map { event -> SQLQueryString in
                defer { sequence += 1 }
                return """
                    (\(bind: event.id), \(bind: event.eventID), \(bind: event.key), \(bind: event.kind.rawValue), \(bind: event.code),
                     \(bind: event.classifier), \(bind: event.eventAt), \(bind: event.container?.rawValue), \(bind: event.isoEquipmentCode),
                     \(bind: event.emptyIndicator), \(bind: event.location?.rawValue), \(bind: event.facility), \(bind: event.inZone),
                     \(bind: event.vesselIMO?.digits), \(bind: event.voyage), \(bind: JSONValue.array(event.references.map { ["type": .string($0.type), "value": .string($0.value)] }).canonicalString),
                     \(bind: JSONValue.array(event.seals.map(JSONValue.string)).canonicalString), \(bind: event.source.rawValue), \(bind: event.organisationID), \(bind: event.digest),
                     \(bind: batch), \(bind: sequence), \(bind: receivedAt))
                    """
            }
            struct Row: Decodable { let event_id: String }
            let query = SQLQueryString("""
                INSERT INTO container_events (id, event_id, event_key, event_type, code, classifier, event_at, container_number, iso_code,
                    empty_indicator, un_locode, facility, in_zone, vessel_imo, voyage, refs, seals, source, organisation_id, digest, batch_id,
                    seq, received_at) VALUES
                """) + SQLBatch.joined(rows) + " ON CONFLICT DO NOTHING RETURNING event_id"
            for row in try await sql.raw(query).all(decoding: Row.self) { inserted.insert(row.event_id) }
        }
        return inserted
    }

    struct Stored: Decodable {
        let event_id: String
        let event_key: String
        let digest: String
    }

    /// Stored events with any of these eventIDs or keys.
    func stored(eventIDs: [String], keys: [String], on sql: any SQLDatabase) async throws -> [Stored] {
        var found: [Stored] = []
        // One key per id (the callers pass both of each record): slicing the two lists alike
        // keeps a record's id and key in one statement.
        for (ids, keyChunk) in zip(SQLBatch.slices(eventIDs).map(Array.init), SQLBatch.slices(keys).map(Array.init)) {
            found += try await sql.raw("""
                SELECT event_id, event_key, digest FROM container_events WHERE event_id IN (\(binds: ids)) OR event_key IN (\(binds: keyChunk))
                """).all(decoding: Stored.self)
        }
        return found
    }

    /// The actual equipment events of these containers, as steps to replay.
    func steps(of containers: [String], on sql: any SQLDatabase) async throws -> [String: [ContainerTrack.Step]] {
        struct Row: Decodable {
            let event_id: String
            let container_number: String
            let code: String
            let event_at: Date
            let in_zone: Bool
            let un_locode: String?
            let facility: String?
            let iso_code: String?
            let empty_indicator: String?
            let organisation_id: UUID?
        }
        var steps: [String: [ContainerTrack.Step]] = [:]
        for numbers in SQLBatch.slices(containers).map(Array.init) {
            let rows = try await sql.raw("""
                SELECT event_id, container_number, code, event_at, in_zone, un_locode, facility, iso_code, empty_indicator, organisation_id
                FROM container_events WHERE container_number IN (\(binds: numbers)) AND event_type = 'EQUIPMENT' AND classifier = 'ACT'
                ORDER BY container_number, event_at, seq
                """).all(decoding: Row.self)
            for row in rows {
                steps[row.container_number, default: []].append(.init(
                    eventID: row.event_id, code: row.code, eventAt: row.event_at, inZone: row.in_zone, location: row.un_locode,
                    facility: row.facility, cargoType: CargoType.of(isoCode: row.iso_code, emptyIndicator: row.empty_indicator),
                    organisationID: row.organisation_id))
            }
        }
        return steps
    }

    /// Records where each container now stands.
    func saveStatus(_ tracks: [String: ContainerTrack], on sql: any SQLDatabase) async throws {
        let entries = tracks.compactMap { number, track -> (String, ContainerTrack, ContainerTrack.Step, Date)? in
            guard let last = track.last, let since = track.since else { return nil }
            return (number, track, last, since)
        }
        for slice in SQLBatch.slices(entries) {
            let rows = slice.map { number, track, last, since -> SQLQueryString in
                """
                (\(bind: number), \(bind: track.state.rawValue), \(bind: track.inZone), \(bind: since), \(bind: last.eventAt),
                 \(bind: last.location), \(bind: last.facility), \(bind: last.cargoType.rawValue), \(bind: last.organisationID))
                """
            }
            try await sql.raw(SQLQueryString("""
                INSERT INTO container_status (container_number, state, in_zone, since, last_event_at, un_locode, facility, cargo_type,
                    organisation_id) VALUES
                """) + SQLBatch.joined(rows) + """
                 ON CONFLICT (container_number) DO UPDATE SET state = excluded.state, in_zone = excluded.in_zone, since = excluded.since,
                    last_event_at = excluded.last_event_at, un_locode = excluded.un_locode, facility = excluded.facility,
                    cargo_type = excluded.cargo_type, organisation_id = excluded.organisation_id
                """).run()
        }
    }

    struct Dwelling: Decodable {
        let container_number: String
        let since: Date
        let cargo_type: String
        let organisation_id: UUID?
        let un_locode: String?
        let facility: String?
    }

    /// Containers in the zone's yards since before `cutoff`.
    func dwelling(since cutoff: Date, containers: [String]? = nil, on sql: any SQLDatabase) async throws -> [Dwelling] {
        var query = SQLQueryString("""
            SELECT container_number, since, cargo_type, organisation_id, un_locode, facility FROM container_status
            WHERE in_zone = \(bind: true) AND state = 'in_yard' AND since < \(bind: cutoff)
            """)
        if let containers { query = query + " AND container_number IN (\(binds: containers))" }
        return try await sql.raw(query).all(decoding: Dwelling.self)
    }

    struct EventRow: Decodable {
        let event_id: String
        let event_type: String
        let code: String
        let classifier: String
        let event_at: Date
        let container_number: String?
        let iso_code: String?
        let empty_indicator: String?
        let un_locode: String?
        let facility: String?
        let in_zone: Bool
        let vessel_imo: String?
        let voyage: String?
        let refs: String
        let seals: String
        let source: String
        let organisation_id: UUID?
        let seq: Int64
        let received_at: Date
    }

    static let eventColumns = """
        event_id, event_type, code, classifier, event_at, container_number, iso_code, empty_indicator, un_locode, facility, in_zone,
        vessel_imo, voyage, refs, seals, source, organisation_id, seq, received_at
        """

    func history(of container: String, on sql: any SQLDatabase) async throws -> [EventRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.eventColumns) FROM container_events WHERE container_number = \(bind: container) ORDER BY event_at, seq
            """).all(decoding: EventRow.self)
    }

    func after(sequence: Int64, limit: Int, on sql: any SQLDatabase) async throws -> [EventRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.eventColumns) FROM container_events WHERE seq > \(bind: sequence) ORDER BY seq LIMIT \(bind: limit)
            """).all(decoding: EventRow.self)
    }

    /// An organisation's latest events, newest first.
    func recent(of organisation: UUID, limit: Int, on sql: any SQLDatabase) async throws -> [EventRow] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.eventColumns) FROM container_events WHERE organisation_id = \(bind: organisation)
            ORDER BY event_at DESC LIMIT \(bind: limit)
            """).all(decoding: EventRow.self)
    }

    struct YardMove: Decodable {
        let container_number: String
        let code: String
        let event_at: Date
        let in_zone: Bool
    }

    /// Entries into and departures from the zone's yards (actual equipment events), by
    /// container then time, of containers that left the zone since `cutoff`.
    func yardMoves(ofContainersLeavingSince cutoff: Date, on sql: any SQLDatabase) async throws -> [YardMove] {
        try await sql.raw("""
            SELECT container_number, code, event_at, in_zone FROM container_events
            WHERE event_type = 'EQUIPMENT' AND classifier = 'ACT' AND code IN ('GTIN', 'DISC', 'GTOT', 'LOAD')
            AND container_number IN (SELECT container_number FROM container_events WHERE code IN ('GTOT', 'LOAD')
                AND classifier = 'ACT' AND in_zone = \(bind: true) AND event_at >= \(bind: cutoff))
            ORDER BY container_number, event_at
            """).all(decoding: YardMove.self)
    }

    /// When each of these containers was stripped (STRP, planned or actual) inside the zone:
    /// the moments an e-seal may be opened.
    func strippings(of containers: [String], on sql: any SQLDatabase) async throws -> [String: [Date]] {
        struct Row: Decodable { let container_number: String; let event_at: Date }
        var moments: [String: [Date]] = [:]
        for chunk in SQLBatch.slices(containers).map(Array.init) {
            for row in try await sql.raw("""
                SELECT container_number, event_at FROM container_events
                WHERE code = 'STRP' AND in_zone = \(bind: true) AND container_number IN (\(binds: chunk))
                """).all(decoding: Row.self) {
                moments[row.container_number, default: []].append(row.event_at)
            }
        }
        return moments
    }
}
