import Crypto
import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import NIOCore
import Storage

/// Honours `Idempotency-Key` on the creating POSTs the contract declares it for (and on no
/// other route): the answer (below 500) of a request whose write committed is stored and
/// replayed to repeats of the same request; the same key with a different request is a 422.
/// The key is claimed inside the write's own transaction (``IdempotencyClaim``), so a repeat
/// meeting a request still running waits for its answer, and a request whose process died
/// before committing left nothing behind: its retry is carried out afresh.
///
/// Keys belong to the authenticated principal, so two callers choosing the same key never
/// see each other's answers. Anonymous creating routes (registration, invitation
/// acceptance) have no principal: their keys are scoped by the request's own fingerprint,
/// so only a caller who sends the very same body gets the same answer back. Answers that
/// carry a secret (a client secret, a webhook signing secret, an invitation token) are
/// stored without it: a replay returns the created resource, and the secret is shown once.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let store: IdempotencyStore
    let routes: RouteTable
    /// Response headers worth replaying; others (date, request id) belong to the new answer.
    static let replayedHeaders: [HTTPField.Name] = [.contentType, .location, .eTag, .ledgerReceipt]
    /// Members of a creation answer that are shown once and so never stored for replay.
    static let secretMembers: [String: Set<String>] = [
        "/v1/clients": ["clientSecret"],
        "/v1/webhooks": ["secret"],
        "/v1/organisations/{organisationId}/invitations": ["token"],
    ]
    /// Bodies above this are fingerprinted as bytes: canonicalising a 32 MB feed batch would
    /// cost more than the batch's own parsing, and its producer resends the same bytes.
    static let canonicalisedBodyLimit = 1 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey],
              let template = routes.template(method: "POST", path: request.uri.path),
              routes.declaresHeader("Idempotency-Key", method: "POST", template: template)
        else { return try await next(request, context) }
        guard (1...255).contains(key.count) else {
            throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("header:Idempotency-Key", "idempotency_key_format")])
        }
        let actor = RequestScope.current.actor
        var request = request
        let body = try await request.collectBody(upTo: .max)  // already bounded by the body limit
        let fingerprint = Self.fingerprint(method: request.method.rawValue, path: request.uri.path, body: Data(buffer: body))
        let scope = actor.isAuthenticated ? actor.reference : "anonymous:\(fingerprint.hexEncoded)"

        if let earlier = try await earlierAnswer(scope: scope, key: key, fingerprint: fingerprint) { return earlier }
        // Claimed inside the request's first committed transaction (Storage), so the claim
        // exists exactly when the write does.
        let claim = IdempotencyClaim(scope: scope, key: key, fingerprint: fingerprint, at: Date())
        let response: Response
        do {
            response = try await IdempotencyClaim.$current.withValue(claim) { try await next(request, context) }
        } catch is IdempotencyClaim.TakenByAnother {
            // A concurrent request with this key committed first: its answer is this one's.
            if let earlier = try await earlierAnswer(scope: scope, key: key, fingerprint: fingerprint, waitingFor: 5) { return earlier }
            throw Problem(.conflict, "idempotency_in_progress", retryAfter: 1)
        }
        // Nothing committed (refused before any write, or rolled back): nothing to remember,
        // and a retry is carried out afresh. A committed write keeps its answer (below 500).
        guard claim.isCommitted, response.status.code < 500 else { return response }
        let (bytes, replayable) = try await Self.collect(response)
        var headers: [String: String] = [:]
        for name in Self.replayedHeaders { if let value = response.headers[name] { headers[name.canonicalName] = value } }
        let stored = Self.withoutSecrets(bytes, members: Self.secretMembers[template] ?? [])
        try await store.complete(scope: scope, key: key, response: .init(status: response.status.code, headers: headers, body: stored))
        return replayable
    }

    /// The answer a request with this key already has: a replay, a 422 for another request
    /// under the key, or, when a committed write's answer is still being stored, that answer
    /// once stored (waiting up to `waitingFor` seconds). nil: the key is free.
    private func earlierAnswer(scope: String, key: String, fingerprint: Data, waitingFor seconds: Int = 2) async throws -> Response? {
        for attempt in 0...(seconds * 20) {
            switch try await store.lookup(scope: scope, key: key, fingerprint: fingerprint) {
            case .unknown:
                return nil
            case .replay(let stored):
                var headers = HTTPFields()
                for (name, value) in stored.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
                headers[.idempotentReplayed] = "true"
                return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: stored.body)))
            case .mismatch:
                throw Problem(.unprocessable, "idempotency_key_reused", fieldErrors: [.init("header:Idempotency-Key", "idempotency_key_reused")])
            case .answerPending(let lost):
                // The write is done; its process lost the answer before storing it. Doing the
                // write again would duplicate it: the caller looks the result up instead.
                if lost { throw Problem(.conflict, "idempotency_answer_lost", fieldErrors: [.init("header:Idempotency-Key", "idempotency_answer_lost")]) }
                if attempt == seconds * 20 { throw Problem(.conflict, "idempotency_in_progress", retryAfter: 1) }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        return nil
    }

    /// The answer as it may be kept: the JSON body less its shown-once members.
    static func withoutSecrets(_ body: Data, members: Set<String>) -> Data {
        guard !members.isEmpty else { return body }
        guard case .object(var object) = try? JSONValue(parsing: Array(body)) else { return Data() }
        for member in members { object[member] = nil }
        return Data(JSONValue.object(object).canonicalBytes)
    }

    /// What makes two requests "the same": method, path and body, with a JSON body in its
    /// canonical form so that re-serialising it with another member order still matches.
    static func fingerprint(method: String, path: String, body: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("\(method) \(path)\n".utf8))
        if body.count <= canonicalisedBodyLimit, let json = try? JSONValue(parsing: Array(body)) {
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
