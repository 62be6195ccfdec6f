import FTZAPI
import FTZCore
import Foundation
import TradeData

/// The live trade stream as Server-Sent Events: each committed event or alert once, in
/// stream order, `id` being its position (what `Last-Event-ID` resumes after). A comment
/// line every 15 s of quiet keeps proxies from closing the connection.
struct TradeStream: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    let trade: TradeService
    let mapping: TradeMapping
    let actor: Actor
    let position: Int64

    static let heartbeatSeconds = 15.0

    func makeAsyncIterator() -> Iterator {
        Iterator(stream: self, position: position, pending: [ArraySlice("retry: 2000\n\n".utf8)])
    }

    struct Iterator: AsyncIteratorProtocol {
        let stream: TradeStream
        var position: Int64
        var pending: [ArraySlice<UInt8>]

        mutating func next() async throws -> ArraySlice<UInt8>? {
            while true {
                if !pending.isEmpty { return pending.removeFirst() }
                if Task.isCancelled { return nil }
                let items = try await stream.trade.stream(after: position, limit: 200, by: stream.actor)
                if items.isEmpty {
                    await stream.trade.waitForStreamChange(seconds: TradeStream.heartbeatSeconds)
                    if Task.isCancelled { return nil }
                    if try await stream.trade.stream(after: position, limit: 1, by: stream.actor).isEmpty {
                        return ArraySlice(": still here\n\n".utf8)
                    }
                    continue
                }
                for item in items {
                    pending.append(ArraySlice(try stream.frame(item).utf8))
                    position = item.sequence
                }
            }
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }()

    func frame(_ item: StreamItem) throws -> String {
        let (name, data): (String, Data) = switch item {
        case .event(let event): ("container_event", try Self.encoder.encode(TradeMapping.event(event)))
        case .alert(let alert): ("alert", try Self.encoder.encode(mapping.alert(alert)))
        }
        return "id: \(item.sequence)\nevent: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}
