import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import NIOCore
import TradeData

/// Reads the body of a JSON feed batch (`POST /v1/feeds/declarations|manifests|events`)
/// straight from bytes into JSON values, and hands the records to the handler through the
/// request scope; the generated decoder then sees an empty batch.
///
/// Why: the contract declares records as free-form objects, and decoding 10,000 of them
/// through `Codable` boxes every value and probes its type by throwing, which cost more
/// than validating, storing and monitoring them together. Malformed JSON still answers
/// 400 and a missing `records` 422, as the generated decoder would.
struct FeedBodyMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    static let routes: Set<String> = ["/v1/feeds/declarations", "/v1/feeds/manifests", "/v1/feeds/events", "/v1/feeds/inspections",
                                      "/v1/feeds/supervision", "/v1/feeds/telemetry"]
    static let emptyBatch = ByteBuffer(string: #"{"records":[]}"#)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let route = context.endpointPath, Self.routes.contains(route),
              request.headers[.contentType].map({ $0.lowercased().hasPrefix("application/json") }) == true
        else { return try await next(request, context) }
        var request = request
        let buffer = try await request.collectBody(upTo: .max)  // already bounded by the body limit
        let document: JSONValue
        do {
            document = try JSONValue(parsing: Array(buffer.readableBytesView), maximumArrayItems: TradeService.maximumBatch)
        } catch where error.reason == JSONValue.tooManyItems {
            throw Problem.invalid("/records", "max_items", arguments: ["max": String(TradeService.maximumBatch)])
        } catch {
            throw Problem(.badRequest, "malformed_json", fieldErrors: [.init("", "json_syntax", arguments: ["offset": String(error.offset)])])
        }
        guard case .object(let members) = document else { throw Problem.invalid("", "wrong_type", arguments: ["expected": "object"]) }
        guard let records = members["records"], records != .null else { throw Problem.invalid("/records", "required") }
        guard case .array(let items) = records else { throw Problem.invalid("/records", "wrong_type", arguments: ["expected": "array"]) }
        var head = request.head
        head.headerFields[.contentLength] = String(Self.emptyBatch.readableBytes)
        let emptied = Request(head: head, body: RequestBody(buffer: Self.emptyBatch))
        var scope = RequestScope.current
        scope.feedRecords = items
        return try await RequestScope.$current.withValue(scope) { try await next(emptied, context) }
    }
}
