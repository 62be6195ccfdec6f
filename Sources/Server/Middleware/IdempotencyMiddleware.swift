import Crypto
import FTZCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Storage

/// Honours `Idempotency-Key` on POST: the first answer (below 500) is stored and replayed
/// to repeats of the same request; the same key with a different request is a 422, and a
/// repeat while the first is still running is a 409.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let store: IdempotencyStore
    /// Response headers worth replaying; others (date, request id) belong to the new answer.
    static let replayedHeaders: [HTTPField.Name] = [.contentType, .location, .eTag, .ledgerReceipt]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else { return try await next(request, context) }
        guard (1...255).contains(key.count) else {
            throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("header:Idempotency-Key", "idempotency_key_format")])
        }
        let actor = RequestScope.current.actor
        // Keys are per caller: two clients choosing the same key never see each other's answers.
        let scope = actor.isAuthenticated ? actor.reference : "address:\(context.remoteAddress ?? "unknown")"
        var request = request
        let body = try await request.collectBody(upTo: .max)
        let fingerprint = Self.fingerprint(method: request.method.rawValue, path: request.uri.path, body: Data(buffer: body))

        switch try await store.claim(scope: scope, key: key, fingerprint: fingerprint) {
        case .replay(let stored):
            var headers = HTTPFields()
            for (name, value) in stored.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
            headers[.idempotentReplayed] = "true"
            return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: stored.body)))
        case .mismatch:
            throw Problem(.unprocessable, "idempotency_key_reused", fieldErrors: [.init("header:Idempotency-Key", "idempotency_key_reused")])
        case .inProgress:
            throw Problem(.conflict, "idempotency_in_progress", retryAfter: 1)
        case .claimed:
            break
        }

        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await store.release(scope: scope, key: key)
            throw error
        }
        guard response.status.code < 500 else {
            try? await store.release(scope: scope, key: key)
            return response
        }
        let (bytes, replayable) = try await Self.collect(response)
        var headers: [String: String] = [:]
        for name in Self.replayedHeaders { if let value = response.headers[name] { headers[name.canonicalName] = value } }
        try await store.complete(scope: scope, key: key, response: .init(status: response.status.code, headers: headers, body: bytes))
        return replayable
    }

    /// What makes two requests "the same": method, path and body, with a JSON body in its
    /// canonical form so that re-serialising it with another member order still matches.
    static func fingerprint(method: String, path: String, body: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("\(method) \(path)\n".utf8))
        if let json = try? JSONDecoder().decode(JSONValue.self, from: body) {
            hasher.update(data: json.canonicalBytes)
        } else {
            hasher.update(data: body)
        }
        return Data(hasher.finalize())
    }

    /// Reads a response body into memory and returns it with a response that still has it.
    static func collect(_ response: Response) async throws -> (Data, Response) {
        let collector = CollectingWriter()
        try await response.body.write(collector)
        let data = collector.data
        var copy = response
        copy.body = .init(byteBuffer: ByteBuffer(data: data))
        return (data, copy)
    }
}

/// A response-body writer that keeps what is written.
final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
    private(set) var data = Data()
    func write(_ buffer: ByteBuffer) async throws { data.append(contentsOf: buffer.readableBytesView) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
