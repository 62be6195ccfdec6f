import Crypto
import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Licensing
import NIOCore
import Synchronization

/// Serves the public procedure guide (`GET /v1/procedures…`, `GET /v1/guide/questions`) from memory, with an `ETag`
/// over the exact bytes, `Cache-Control`, and 304 for a matching `If-None-Match`.
///
/// Guide pages are the same for everyone who asks in the same language, and rendering one
/// (a procedure's texts, form schema, documents and fees in five languages) costs far more
/// than serving stored bytes. Entries are keyed on path, query and language, and dropped
/// when the catalogue changes in this process; another process's changes show within
/// `lifetime` seconds, which is also what `max-age` tells clients.
struct GuideCacheMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let catalogue: CatalogueService
    let lifetime: TimeInterval

    final class Store: Sendable {
        struct Entry: Sendable {
            let revision: Int
            let storedAt: ContinuousClock.Instant
            let status: HTTPResponse.Status
            let headers: HTTPFields
            let body: ByteBuffer
            let eTag: String
        }
        let entries = Mutex<[String: Entry]>([:])
    }

    let store = Store()
    static let maximumEntries = 2_000

    /// The routes (templates) it serves; ``APIRoutes`` mounts their GETs behind this cache.
    static let guidePages: Set<String> = ["/v1/procedures", "/v1/procedures/{code}", "/v1/guide/questions"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Signed-in callers read the same bytes: authentication has already run above, so a
        // bad token is still refused, and the page itself never depends on who asks.
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let language = RequestScope.current.language
        let key = "\(language.rawValue) \(request.uri.path)?\(request.uri.query ?? "")"
        let revision = catalogue.revision
        let now = ContinuousClock.now
        let cached = store.entries.withLock { $0[key] }.flatMap { entry in
            entry.revision == revision && entry.storedAt.duration(to: now) < .seconds(lifetime) ? entry : nil
        }
        let entry: Store.Entry
        if let cached {
            entry = cached
        } else {
            let response = try await next(request, context)
            guard response.status == .ok else { return response }
            let collector = Collector()
            try await response.body.write(CollectingWriter(collector: collector))
            let body = collector.buffer.withLock { $0 }
            let digest = SHA256.hash(data: Data(body.readableBytesView))
            entry = Store.Entry(revision: revision, storedAt: now, status: response.status, headers: response.headers, body: body,
                                eTag: "\"\(digest.prefix(12).hexEncoded)\"")
            store.entries.withLock { entries in
                if entries.count >= Self.maximumEntries { entries.removeAll() }
                entries[key] = entry
            }
        }
        var headers = entry.headers
        headers[.eTag] = entry.eTag
        headers[.cacheControl] = "public, max-age=\(Int(lifetime))"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            let tag = $0.trimmingCharacters(in: .whitespaces)
            return tag == entry.eTag || tag == "W/\(entry.eTag)" || tag == "*"
        }) {
            headers[.contentLength] = nil
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: entry.status, headers: headers, body: ResponseBody(byteBuffer: entry.body))
    }

    final class Collector: Sendable {
        let buffer = Mutex(ByteBuffer())
    }

    struct CollectingWriter: ResponseBodyWriter {
        let collector: Collector
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            _ = collector.buffer.withLock { $0.writeBuffer(&buffer) }
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
