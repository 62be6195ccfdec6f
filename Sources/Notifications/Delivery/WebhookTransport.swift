import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one webhook request. A protocol so tests and benchmarks can count what is sent.
public protocol WebhookTransport: Sendable {
    /// The receiver's status code, or a description of why no answer came.
    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async -> Result<Int, WebhookTransportError>
}

public struct WebhookTransportError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Webhooks over HTTP(S) with AsyncHTTPClient. Redirects are not followed: a receiver that
/// moves must update its endpoint, and a redirect cannot steer deliveries elsewhere.
public struct HTTPWebhookTransport: WebhookTransport {
    /// One client for the process's lifetime (a static is never torn down, so it needs no shutdown).
    static let webhookClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    let client: HTTPClient

    public init(client: HTTPClient? = nil) { self.client = client ?? Self.webhookClient }

    public func post(url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async -> Result<Int, WebhookTransportError> {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // Read (at most 64 KiB of) the answer so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .success(Int(response.status.code))
        } catch {
            return .failure(WebhookTransportError(String(describing: error).prefix(300).description))
        }
    }
}
