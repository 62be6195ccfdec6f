import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a webhook URL's host may be called from inside the zone's network. Loopback,
/// private, link-local, carrier-grade NAT and unspecified addresses (and `localhost`) are
/// refused in production, so a subscriber cannot aim deliveries at the service's
/// neighbours. A host that only looks numeric in some non-canonical way (`127.1`,
/// `2130706433`, `0x7f.1`, `0177.0.0.1`) is refused too: resolvers read those as addresses.
/// Names resolving to internal addresses are the network firewall's to stop.
enum ReceiverAddress {
    static func isInternal(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if let octets = canonicalIPv4(name) { return isInternal(ipv4: octets) }
        if looksNumeric(name) { return true }
        if name.contains(":") {
            guard let bytes = ipv6(name) else { return true }  // not an address we can judge: refuse
            return isInternal(ipv6: bytes)
        }
        return false
    }

    /// Four decimal octets without leading zeros, as `inet_pton` insists.
    private static func canonicalIPv4(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    /// Digits, dots and hexadecimal prefixes only: an address in a form some resolver accepts.
    private static func looksNumeric(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && (label.allSatisfy(\.isNumber) || (label.hasPrefix("0x") && label.dropFirst(2).allSatisfy(\.isHexDigit)))
        }
    }

    private static func isInternal(ipv4 octets: [UInt8]) -> Bool {
        switch (octets[0], octets[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): true
        case (172, let second): (16...31).contains(second)
        case (100, let second): (64...127).contains(second)  // carrier-grade NAT
        default: false
        }
    }

    private static func isInternal(ipv6 bytes: [UInt8]) -> Bool {
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] <= 1 { return true }  // :: and ::1
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {  // ::ffff:a.b.c.d
            return isInternal(ipv4: Array(bytes[12..<16]))
        }
        return bytes[0] & 0xFE == 0xFC || (bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80)  // fc00::/7, fe80::/10
    }
}
