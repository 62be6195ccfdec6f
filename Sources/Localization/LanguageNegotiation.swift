import Foundation
import FTZCore

/// Chooses the response language from `?lang=` and `Accept-Language`.
///
/// Follows RFC 4647 §3.4 "lookup": ranges are tried by descending q-value (ties keep
/// their order), each progressively truncated until it names a supported language.
/// `q=0` excludes a range; `*` accepts the default. Bare or regional Chinese (`zh`,
/// `zh-CN`, `zh-SG`) first gains its likely script (`zh-Hans-…`, per CLDR likely
/// subtags) so that it can reach `zh-Hans`; `zh-TW` becomes `zh-Hant-TW` and does not.
public enum LanguageNegotiation {
    public static func negotiate(acceptLanguage: String?, override: String? = nil) -> Language {
        if let override, let tag = try? LanguageTag(override), let language = lookup(tag) {
            return language
        }
        guard let acceptLanguage else { return .default }
        for range in ranges(in: acceptLanguage) {
            if range == "*" { return .default }
            if let tag = try? LanguageTag(range), let language = lookup(tag) { return language }
        }
        return .default
    }

    /// Language ranges with q > 0, best first.
    static func ranges(in header: String) -> [String] {
        var weighted: [(range: String, quality: Double, position: Int)] = []
        for (position, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first, !range.isEmpty, range.count <= 64 else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 0
            }
            if quality > 0 { weighted.append((range, quality, position)) }
            if weighted.count >= 32 { break }  // a hostile header cannot make us sort forever
        }
        return weighted.sorted { $0.quality != $1.quality ? $0.quality > $1.quality : $0.position < $1.position }.map(\.range)
    }

    static func lookup(_ tag: LanguageTag) -> Language? {
        var subtags = withLikelyScript(tag.subtags.map(String.init))
        while !subtags.isEmpty {
            let candidate = subtags.joined(separator: "-")
            if let language = Language.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(candidate) == .orderedSame }) {
                return language
            }
            subtags.removeLast()
            // RFC 4647: never leave a single-letter subtag (an extension singleton) at the end.
            if let last = subtags.last, last.count == 1 { subtags.removeLast() }
        }
        return nil
    }

    private static func withLikelyScript(_ subtags: [String]) -> [String] {
        guard subtags.first == "zh" else { return subtags }
        if subtags.count > 1, subtags[1].count == 4 { return subtags }  // already has a script
        let region = subtags.count > 1 ? subtags[1] : ""
        let script = ["TW", "HK", "MO"].contains(region) ? "Hant" : "Hans"
        return ["zh", script] + subtags.dropFirst()
    }
}
