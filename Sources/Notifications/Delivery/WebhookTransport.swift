import AsyncHTTPClient
import FTZCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Sends one webhook request. A protocol so tests and benchmarks can count what is sent.
public protocol WebhookTransport: Sendable {
    /// The receiver's status code, or the coarse class of why no answer came.
    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async -> Result<Int, WebhookTransportError>
}

/// Why a delivery got no HTTP answer, as the delivery log shows it to the subscriber: a
/// class, never the transport's own error text (which names internal hosts and addresses).
public struct WebhookTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case timeout, refused, tls, dns
        /// The receiver's name resolved to an internal or special address.
        case addressRefused = "address_refused"
        case network
        /// The endpoint's signing secret does not open with the configured key.
        case secretUnavailable = "secret_unavailable"
    }

    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }
    public var description: String { kind.rawValue }
}

/// Webhooks over HTTP(S) with AsyncHTTPClient. Redirects are not followed: a receiver that
/// moves must update its endpoint, and a redirect cannot steer deliveries elsewhere.
///
/// The receiver's name is resolved here, at every delivery, and every address it resolves to
/// must be public (``IPAddress/isInternalOrSpecial``); the connection then goes to the address
/// that was checked, with the name kept for `Host` and TLS. A name that answered a public
/// address at registration and an internal one later (DNS rebinding) is refused at the
/// delivery. `allowedHosts` (tests only) skips the address check for named hosts.
public struct HTTPWebhookTransport: WebhookTransport {
    let allowedHosts: Set<String>
    let clients: PinnedClients

    public init(allowedHosts: Set<String> = []) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
        self.clients = .shared
    }

    public func post(url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async -> Result<Int, WebhookTransportError> {
        guard let host = URL(string: url)?.host?.lowercased(), !host.isEmpty else { return .failure(.init(.dns)) }
        let address: IPAddress
        switch await Self.resolve(host) {
        case .failure(let failure): return .failure(failure)
        case .success(let addresses):
            if !allowedHosts.contains(host), addresses.contains(where: \.isInternalOrSpecial) { return .failure(.init(.addressRefused)) }
            address = addresses[0]
        }
        // The client is pinned to the checked address under the lower-cased name, and looks the
        // pin up by the name in the URL it is given: that name must be the same spelling, or an
        // upper-case `Rebind.example` is resolved afresh at connect time (DNS rebinding).
        var request = HTTPClientRequest(url: Self.withLowercasedHost(url))
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let client = clients.client(for: host, pinnedTo: address)
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // Read (at most 64 KiB of) the answer so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .success(Int(response.status.code))
        } catch {
            return .failure(.init(Self.classify(error)))
        }
    }

    /// `url` with its host in lower case; scheme, user information, port, path and query as written.
    static func withLowercasedHost(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = url[authorityStart...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        let hostStart = url[authorityStart..<authorityEnd].lastIndex(of: "@").map { url.index(after: $0) } ?? authorityStart
        return String(url[..<hostStart]) + url[hostStart..<authorityEnd].lowercased() + url[authorityEnd...]
    }

    /// Every address `host` stands for (a literal stands for itself).
    static func resolve(_ host: String) async -> Result<[IPAddress], WebhookTransportError> {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let literal = IPAddress(bare) { return .success([literal]) }
        let found: [IPAddress]? = try? await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(bare, nil, &hints, &list) == 0, let first = list else { return nil }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                if let sockaddr = entry.pointee.ai_addr {
                    if entry.pointee.ai_family == AF_INET {
                        sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                            var raw = pointer.pointee.sin_addr
                            if let address = withUnsafeBytes(of: &raw, { IPAddress(bytes: Array($0)) }) { addresses.append(address) }
                        }
                    } else if entry.pointee.ai_family == AF_INET6 {
                        sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                            var raw = pointer.pointee.sin6_addr
                            if let address = withUnsafeBytes(of: &raw, { IPAddress(bytes: Array($0)) }) { addresses.append(address) }
                        }
                    }
                }
                cursor = entry.pointee.ai_next
            }
            return addresses
        }
        guard let found, !found.isEmpty else { return .failure(.init(.dns)) }
        return .success(found)
    }

    static func classify(_ error: any Error) -> WebhookTransportError.Kind {
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout, .tlsHandshakeTimeout: return .timeout
            case .remoteConnectionClosed: return .refused
            default: break
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError { return .tls }
        if error is NIOConnectionError { return .refused }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return .refused }
        return .network
    }
}

/// One client per receiver host, connecting to the address last checked for it (through
/// AsyncHTTPClient's DNS override, which keeps the name for TLS). A host whose address changes
/// gets a new client; the old one closes its connections once its requests are done.
final class PinnedClients: Sendable {
    static let shared = PinnedClients()
    private let clients = Mutex<[String: (address: IPAddress, client: HTTPClient)]>([:])

    func client(for host: String, pinnedTo address: IPAddress) -> HTTPClient {
        let (client, replaced) = clients.withLock { clients -> (HTTPClient, HTTPClient?) in
            if let existing = clients[host], existing.address == address { return (existing.client, nil) }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
            if IPAddress(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) == nil {
                configuration.dnsOverride = [host: address.description]
            }
            let made = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            let previous = clients[host]?.client
            clients[host] = (address, made)
            return (made, previous)
        }
        if let replaced { Task { try? await replaced.shutdown() } }
        return client
    }
}
