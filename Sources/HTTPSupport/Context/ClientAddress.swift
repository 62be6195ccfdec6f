import Foundation
import FTZCore
import HTTPTypes

/// The client's address: the TCP peer, unless the peer is one of the operator's trusted
/// reverse proxies (`FTZ_TRUSTED_PROXIES`), in which case the address the proxies recorded
/// in the one header they write (`FTZ_TRUSTED_PROXY_HEADER`: `X-Forwarded-For` or RFC 7239
/// `Forwarded`). The other header is never read: a proxy that writes one passes the other
/// on as the client sent it, and reading it let a client reset its own address (security
/// review, issue 33: a `Forwarded` header sent by the client overrode the proxy's
/// `X-Forwarded-For`, and with it the login and self-service limits).
///
/// The forwarded chain is read from the right: each hop appends the address it received
/// from, so the first address from the right that is not itself a trusted proxy is the
/// client; anything further left was written by the client and proves nothing.
public struct ClientAddressResolver: Sendable {
    /// The header the operator's proxies write.
    public enum ProxyHeader: String, Sendable, CaseIterable {
        case xForwardedFor = "x-forwarded-for"
        case forwarded
    }

    public let trustedProxies: [IPNetwork]
    public var header: ProxyHeader = .xForwardedFor

    public init(trustedProxies: [IPNetwork], header: ProxyHeader = .xForwardedFor) {
        self.trustedProxies = trustedProxies
        self.header = header
    }

    public func resolve(peer: String?, headers: HTTPFields) -> String? {
        guard let peer, let peerAddress = IPAddress(peer), isTrusted(peerAddress) else { return peer }
        let chain = Self.forwardedChain(headers, from: header)
        for hop in chain.reversed() {
            guard let address = IPAddress(hop) else { return peer }  // an obfuscated or broken hop: trust no further
            if !isTrusted(address) { return address.description }
        }
        return chain.first.flatMap(IPAddress.init)?.description ?? peer
    }

    private func isTrusted(_ address: IPAddress) -> Bool { trustedProxies.contains { $0.contains(address) } }

    /// The addresses of the hops, leftmost first, from `header` alone, over all its occurrences.
    public static func forwardedChain(_ headers: HTTPFields, from header: ProxyHeader) -> [String] {
        if header == .forwarded {
            return headers[values: .forwarded].flatMap { $0.split(separator: ",") }.compactMap { element in
                element.split(separator: ";").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.lowercased().hasPrefix("for=") }
                    .map { value in
                        var text = value.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                        // `"[2001:db8::1]:4711"` and `192.0.2.1:4711`: the port is not part of the address.
                        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                            text = String(text[text.index(after: text.startIndex)..<close])
                        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
                            text = String(text[..<colon])
                        }
                        return text
                    }
            }
        }
        return headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

extension HTTPField.Name {
    public static let forwarded = HTTPField.Name("Forwarded")!
    public static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
