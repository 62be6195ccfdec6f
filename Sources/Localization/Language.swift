import FTZCore

/// The languages the service speaks. Vietnamese is the default: it is the language of
/// the law the zone operates under.
public enum Language: String, Sendable, CaseIterable, Codable, Comparable {
    case vi
    case en
    case zhHans = "zh-Hans"
    case ko
    case ja

    public static let `default` = Language.vi

    /// The language's name in itself, as a language switch shows it.
    public var nativeName: String {
        switch self {
        case .vi: "Tiếng Việt"
        case .en: "English"
        case .zhHans: "简体中文"
        case .ko: "한국어"
        case .ja: "日本語"
        }
    }

    /// The chain of languages tried when a text is missing: the language itself, then
    /// English (the zone's working language with foreign investors), then Vietnamese.
    public var fallbackChain: [Language] {
        var chain = [self]
        for next in [Language.en, .vi] where !chain.contains(next) { chain.append(next) }
        return chain
    }

    public static func < (lhs: Language, rhs: Language) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The exact supported tag for a well-formed tag, after case normalisation.
    public init?(tag: LanguageTag) {
        guard let match = Language.allCases.first(where: { $0.rawValue == tag.rawValue }) else { return nil }
        self = match
    }
}
