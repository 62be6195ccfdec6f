import HTTPSupport
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// Connects the generated OpenAPI server to Hummingbird's router.
///
/// Like swift-openapi-hummingbird, but a response whose length is known (every JSON
/// answer) is handed to Hummingbird as one buffer rather than re-streamed chunk by chunk
/// through an async writer, which costs several task hops per request. Bodies of unknown
/// length still stream.
struct RouterTransport<Context: RequestContext>: ServerTransport {
    /// The route group an operation (its method and path template) is mounted in.
    let group: (HTTPRequest.Method, String) -> RouterGroup<Context>

    func register(_ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
                  method: HTTPRequest.Method, path: String) throws {
        group(method, path).on(RouterPath(path), method: method) { request, context in
            let length: HTTPBody.Length = request.headers[.contentLength].flatMap { Int64($0) }.map { .known($0) } ?? .unknown
            let body = HTTPBody(request.body.map { [UInt8](buffer: $0) }, length: length, iterationBehavior: .single)
            var parameters: [String: Substring] = [:]
            for (key, value) in context.parameters where parameters[String(key)] == nil { parameters[String(key)] = value }
            let (response, responseBody) = try await handler(request.head, body, ServerRequestMetadata(pathParameters: parameters))
            return try await Self.response(response, body: responseBody)
        }
    }

    static func response(_ response: HTTPResponse, body: HTTPBody?) async throws -> Response {
        guard let body else { return Response(status: response.status, headers: response.headerFields) }
        if case .known(let length) = body.length {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(Int(length))
            for try await chunk in body { buffer.writeBytes(chunk) }
            return Response(status: response.status, headers: response.headerFields, body: .init(byteBuffer: buffer))
        }
        return Response(status: response.status, headers: response.headerFields,
                        body: .init(asyncSequence: body.map { ByteBuffer(bytes: $0) }))
    }
}
