import Foundation

/// Whether a webhook URL's host may be called from inside the zone's network. Literal
/// loopback, private, link-local and unspecified addresses (and `localhost`) are refused in
/// production, so a subscriber cannot aim deliveries at the service's own neighbours. Names
/// resolving to such addresses are the network's firewall's to stop.
enum ReceiverAddress {
    static func isInternal(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]."))
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if let octets = ipv4(name) { return isInternal(ipv4: octets) }
        if name.contains(":") { return isInternal(ipv6: name) }
        return false
    }

    private static func ipv4(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { Int($0) }.filter { (0...255).contains($0) }
        return octets.count == 4 ? octets : nil
    }

    private static func isInternal(ipv4 octets: [Int]) -> Bool {
        switch (octets[0], octets[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): true
        case (172, let second): (16...31).contains(second)
        case (100, let second): (64...127).contains(second)  // carrier-grade NAT
        default: false
        }
    }

    private static func isInternal(ipv6 text: String) -> Bool {
        if text == "::1" || text == "::" { return true }
        if let mapped = text.components(separatedBy: "::ffff:").last, text.hasPrefix("::ffff:"), let octets = ipv4(mapped) {
            return isInternal(ipv4: octets)
        }
        let first = text.split(separator: ":").first.map(String.init) ?? ""
        guard let head = UInt16(first, radix: 16), first.count == 4 else { return false }
        return head & 0xFE00 == 0xFC00 || head & 0xFFC0 == 0xFE80  // unique local fc00::/7, link-local fe80::/10
    }
}
