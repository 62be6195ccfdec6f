import Foundation
import FTZCore
import TradeData

/// The live trade stream as Server-Sent Events: each committed event or alert once, in
/// stream order, `id` being its position (what `Last-Event-ID` resumes after). A comment
/// line every 15 s of quiet keeps proxies from closing the connection.
///
/// The caller's token is checked again every `recheckSeconds` (the token cache's lifetime),
/// and the stream reads as the actor that check returns: logout, revocation, expiry or a
/// role taken away end the stream within that time.
///
/// Each presentation writes the items its own way (``frame``): the API as its contract's
/// types, the console as what its live panel shows.
public struct LiveTradeStream: AsyncSequence, Sendable {
    public typealias Element = ArraySlice<UInt8>
    let trade: TradeService
    /// An item's event name and JSON data.
    let frame: @Sendable (StreamItem) throws -> (name: String, data: Data)
    let actor: Actor
    let position: Int64
    /// Re-establishes the caller from its token; throws when the token no longer holds.
    let reauthenticate: @Sendable () async throws -> Actor
    let recheckSeconds: Double
    /// Held while the stream lives; its release frees the principal's stream slot.
    let lease: StreamPermits.Lease

    static let heartbeatSeconds = 15.0

    public init(trade: TradeService, actor: Actor, position: Int64, reauthenticate: @escaping @Sendable () async throws -> Actor,
                recheckSeconds: Double, lease: StreamPermits.Lease,
                frame: @escaping @Sendable (StreamItem) throws -> (name: String, data: Data)) {
        self.trade = trade
        self.frame = frame
        self.actor = actor
        self.position = position
        self.reauthenticate = reauthenticate
        self.recheckSeconds = recheckSeconds
        self.lease = lease
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(stream: self, actor: actor, checkedAt: .now, position: position, pending: [ArraySlice("retry: 2000\n\n".utf8)])
    }

    public struct Iterator: AsyncIteratorProtocol {
        let stream: LiveTradeStream
        var actor: Actor
        var checkedAt: ContinuousClock.Instant
        var position: Int64
        var pending: [ArraySlice<UInt8>]

        /// False when the caller may no longer read the stream: it then ends.
        mutating func stillAllowed() async -> Bool {
            guard checkedAt.duration(to: .now) >= .seconds(stream.recheckSeconds) else { return true }
            do {
                actor = try await stream.reauthenticate()
                _ = try await stream.trade.stream(after: position, limit: 1, by: actor)
                checkedAt = .now
                return true
            } catch {
                return false
            }
        }

        public mutating func next() async throws -> ArraySlice<UInt8>? {
            while true {
                if !pending.isEmpty { return pending.removeFirst() }
                if Task.isCancelled { return nil }
                guard await stillAllowed() else { return nil }
                let items = try await stream.trade.stream(after: position, limit: 200, by: actor)
                if items.isEmpty {
                    await stream.trade.waitForStreamChange(seconds: Swift.min(LiveTradeStream.heartbeatSeconds, Swift.max(stream.recheckSeconds, 0.1)))
                    if Task.isCancelled { return nil }
                    guard await stillAllowed() else { return nil }
                    if try await stream.trade.stream(after: position, limit: 1, by: actor).isEmpty {
                        return ArraySlice(": still here\n\n".utf8)
                    }
                    continue
                }
                for item in items {
                    pending.append(ArraySlice(try stream.event(item).utf8))
                    position = item.sequence
                }
            }
        }
    }

    /// JSON as the stream writes it: compact, dates in RFC 3339.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }()

    func event(_ item: StreamItem) throws -> String {
        let (name, data) = try frame(item)
        return "id: \(item.sequence)\nevent: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}
