import FTZCore
import Foundation

/// Whether a webhook URL's host may be called from inside the zone's network, judged at
/// registration. Addresses are judged by ``IPAddress/isInternalOrSpecial``, the same rule
/// the transport applies to what a name resolves to at every delivery; `localhost` and hosts
/// that only look numeric in some non-canonical way (`127.1`, `2130706433`, `0x7f.1`,
/// `0177.0.0.1`) are refused too: resolvers read those as addresses.
enum ReceiverAddress {
    static func isInternal(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if name.contains("%") { return true }  // a zone index names an interface of this host
        if let address = IPAddress(name) { return address.isInternalOrSpecial }
        if looksNumeric(name) { return true }
        return name.contains(":")  // not an address we can judge: refuse
    }

    /// Digits, dots and hexadecimal prefixes only: an address in a form some resolver accepts.
    private static func looksNumeric(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && (label.allSatisfy(\.isNumber) || (label.hasPrefix("0x") && label.dropFirst(2).allSatisfy(\.isHexDigit)))
        }
    }
}
