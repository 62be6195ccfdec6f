import FTZCore
import Foundation
import Storage

/// The live stream of events and alerts, in the order they committed. A follower names the
/// last position it saw (`Last-Event-ID`) and resumes exactly after it.
extension TradeService {
    public func stream(after position: Int64, limit: Int = 500, by actor: Actor) async throws -> [StreamItem] {
        try requireStaff(actor)
        let (events, alerts) = try await database.read { sql in
            (try await self.events.after(sequence: position, limit: limit, on: sql), try await self.alerts.after(sequence: position, limit: limit, on: sql))
        }
        let items = events.map { StreamItem.event(StoredEvent($0)) } + alerts.map(StreamItem.alert)
        return Array(items.sorted { $0.sequence < $1.sequence }.prefix(limit))
    }

    /// The newest position, for a follower that wants only what comes next.
    public func streamPosition(by actor: Actor) async throws -> Int64 {
        try requireStaff(actor)
        return try await database.read { try await self.batches.current(on: $0) }
    }

    /// Waits until something commits in this process, or `seconds` pass (changes made by
    /// other processes are found by the next read).
    public func waitForStreamChange(seconds: Double) async {
        let (id, changes) = streamSignal.subscribe()
        defer { streamSignal.unsubscribe(id) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in changes { return } }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            await group.next()
            group.cancelAll()
        }
    }
}
