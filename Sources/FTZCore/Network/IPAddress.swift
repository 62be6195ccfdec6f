import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16), parsed strictly (`inet_pton`: no
/// `127.1`, no octal), with the classifications the service needs: which addresses are
/// internal or special, and which unit a per-address limit counts.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        let trimmed = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        // A zone index (`fe80::1%eth0`) names an interface, not a different address.
        let address = trimmed.split(separator: "%", maxSplits: 1).first.map(String.init) ?? trimmed
        if address.contains(":") {
            var value = in6_addr()
            guard inet_pton(AF_INET6, address, &value) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &value) { Array($0) }
        } else {
            var value = in_addr()
            guard inet_pton(AF_INET, address, &value) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &value) { Array($0) }
        }
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible
    /// (`::a.b.c.d`) IPv6 address.
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }) else { return nil }
        if bytes[10] == 0xFF && bytes[11] == 0xFF { return IPAddress(bytes: Array(bytes[12..<16])) }
        if bytes[10] == 0 && bytes[11] == 0 && !bytes[12..<15].allSatisfy({ $0 == 0 }) { return IPAddress(bytes: Array(bytes[12..<16])) }
        return nil
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return bytes.hexEncoded }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What one per-address limit counts: the IPv4 address, or the IPv6 /64 (one customer
    /// network, which holds more addresses than anyone could count). Mapped IPv4 counts as IPv4.
    public var limitKey: String {
        if let embedded = embeddedIPv4, bytes[10] == 0xFF { return embedded.description }
        guard !isIPv4 else { return description }
        return (IPAddress(bytes: Array(bytes[0..<8]) + [UInt8](repeating: 0, count: 8))?.description ?? bytes.hexEncoded) + "/64"
    }

    /// Addresses no outgoing call from the service may reach: loopback, private, link-local,
    /// carrier-grade NAT, benchmarking (198.18/15), IETF protocol assignments (192.0.0/24),
    /// reserved (240/4), broadcast, multicast, unspecified, unique-local and site-local IPv6,
    /// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) translations, and IPv4-mapped or
    /// -compatible forms of any of those.
    public var isInternalOrSpecial: Bool {
        if isIPv4 { return Self.internalIPv4.contains { $0.contains(self) } }
        if embeddedIPv4 != nil { return true }  // mapped and compatible forms are never a public receiver
        return Self.internalIPv6.contains { $0.contains(self) }
    }

    static let internalIPv4: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    ].compactMap(IPNetwork.init)

    static let internalIPv6: [IPNetwork] = [
        "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2002::/16", "fc00::/7", "fe80::/10",
        "fec0::/10", "ff00::/8",
    ].compactMap(IPNetwork.init)
}

/// A CIDR block (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a block of one.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let address = IPAddress(first) else { return nil }
        let maximum = address.bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.address = address
    }

    public func contains(_ candidate: IPAddress) -> Bool {
        guard candidate.bytes.count == address.bytes.count else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(address.bytes, candidate.bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if mine & mask != theirs & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
