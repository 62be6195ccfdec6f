import EDIFACT
import FTZCore
import Foundation
import Storage

extension TradeService {
    /// A batch of DCSA Track & Trace 2.2 events.
    public func ingestEvents(_ records: [JSONValue], by actor: Actor) async throws -> BatchReport {
        try requireFeed(actor, .events, records: records.count)
        let now = clock.now()
        let readings = records.enumerated().map { index, record in
            (index, EventRecord.read(record, at: "/records/\(index)", id: UUID.v7(at: now), catalogue: catalogue))
        }
        return try await store(readings, kind: .events, pointer: { "/records/\($0)" }, by: actor)
    }

    /// A UN/EDIFACT interchange of CODECO, COARRI or IFTSTA messages, read message by
    /// message. Envelope faults reject the interchange (422 naming the segment); a faulty
    /// message or container is reported in place and the rest stored.
    public func ingestEDIFACT(_ bytes: [UInt8], by actor: Actor) async throws -> BatchReport {
        try requireFeed(actor, .edifact, records: 0)
        var reader: InterchangeReader
        do { reader = try InterchangeReader(bytes) } catch { throw Self.problem(error) }
        let mapper = EDIFACTEvents(catalogue: catalogue, sender: reader.header.sender)
        let now = clock.now()
        var readings: [(index: Int, result: Result<ContainerEvent, RecordErrors>)] = []
        var positions: [Int] = []
        do {
            while let message = try reader.next() {
                switch message {
                case .success(let message):
                    for (position, result) in mapper.read(message, newID: { UUID.v7(at: now) }) {
                        readings.append((readings.count, result))
                        positions.append(position)
                    }
                case .failure(let error):
                    readings.append((readings.count, .failure(RecordErrors(key: nil, errors: [
                        .init("segment:\(error.segment)", error.reason.rawValue, arguments: error.arguments),
                    ]))))
                    positions.append(error.segment)
                }
                guard readings.count <= Self.maximumBatch else {
                    throw Problem.invalid("/records", "max_items", arguments: ["max": String(Self.maximumBatch)])
                }
            }
        } catch let error as EDIFACTError {
            throw Self.problem(error)
        }
        let segmentOf = positions
        return try await store(readings, kind: .edifact, pointer: { "segment:\(segmentOf[$0])" }, by: actor)
    }

    static func problem(_ error: EDIFACTError) -> Problem {
        Problem(.unprocessable, "edifact_invalid", arguments: ["segment": String(error.segment)],
                fieldErrors: [.init("segment:\(error.segment)", error.reason.rawValue, arguments: error.arguments)])
    }

    /// The shared path of JSON and EDIFACT events: de-duplicate, link, store, replay the
    /// affected containers' tracks and raise alerts — one transaction.
    private func store(_ readings: [(index: Int, result: Result<ContainerEvent, RecordErrors>)], kind: FeedKind, pointer: @escaping @Sendable (Int) -> String,
                       by actor: Actor) async throws -> BatchReport {
        let (candidates, settled) = Self.screen(readings, pointer: pointer) { ($0.eventID, $0.digest) }
        let batchID = UUID.v7(at: clock.now())
        return try await database.transaction { tx in
            let firstSequence = try await self.batches.reserve(candidates.count, on: tx.sql)
            let linked = try await self.linkedToOwners(candidates.map(\.value), on: tx)
            let inserted = try await self.events.insert(linked, batch: batchID, firstSequence: firstSequence, receivedAt: self.clock.now(),
                                                        on: tx.sql)
            let missing = candidates.filter { !inserted.contains($0.key) }
            var stored: [String: String] = [:]
            if !missing.isEmpty {
                let rows = try await self.events.stored(eventIDs: missing.map(\.key), keys: missing.map(\.value.key), on: tx.sql)
                for candidate in missing {
                    // The same event may be stored under its eventID or, from another sender, under its key.
                    if let row = rows.first(where: { $0.event_id == candidate.key }) ?? rows.first(where: { $0.event_key == candidate.value.key }) {
                        stored[candidate.key] = row.digest
                    }
                }
            }
            let records = settled + Self.settle(candidates, inserted: inserted, stored: stored, pointer: pointer)
            let accepted = linked.filter { inserted.contains($0.eventID) }
            let opened = try await self.monitor(accepted, in: tx)
            return try await self.finish(kind, batchID: batchID, records: records, acceptedDigests: accepted.map(\.digest), alerts: opened,
                                         by: actor, in: tx)
        }
    }
}
