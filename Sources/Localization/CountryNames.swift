import Foundation
import FTZCore

/// Countries by their names in each language, for forms that store ISO 3166-1 alpha-2 codes:
/// a person picks "大韓民国" or "Hàn Quốc" and the form keeps `KR`.
///
/// The names are the platform's (CLDR, through Foundation's ICU data), except where the
/// message catalogue gives the Vietnamese state's usage as `country.<code>` (the platform says
/// "China mainland"; the Authority's forms say "China", "Taiwan (China)"). Lists are sorted by
/// each language's collation: Vietnamese after its alphabet (Ấ after A, Đ after D), Chinese by
/// pinyin, Korean by Hangul order, Japanese by gojūon, the names written in kanji by their
/// reading (韓国 among the カ, not after every kana name as the collation alone puts them).
public struct CountryNames: Sendable {
    public struct Country: Sendable, Equatable {
        public let code: String
        public let name: String
    }

    private let lists: [Language: [Country]]
    private let names: [Language: [String: String]]
    /// Folded names in every language (and the codes themselves) to codes; a name that two
    /// countries share in different languages is left out rather than guessed.
    private let codesByName: [String: String]

    /// The names of ``CountryCode/all`` with the overrides of `messages`.
    public init(messages: MessageCatalogue) {
        var lists: [Language: [Country]] = [:]
        var names: [Language: [String: String]] = [:]
        var candidates: [String: Set<String>] = [:]
        for language in Language.allCases {
            let locale = Locale(identifier: language.rawValue)
            var own: [String: String] = [:]
            for code in CountryCode.all {
                let platform = locale.localizedString(forRegionCode: code)
                let name = messages.has("country.\(code)", in: language) ? messages.text("country.\(code)", language) : platform ?? code
                own[code] = name
                for alias in [name, platform].compactMap({ $0 }) {
                    candidates[TextFolding.folded(alias), default: []].insert(code)
                    // "Hồng Kông (Trung Quốc)" is also found as "Hồng Kông".
                    if let open = alias.firstIndex(where: { $0 == "(" || $0 == "（" }) {
                        candidates[TextFolding.folded(String(alias[..<open])), default: []].insert(code)
                    }
                }
            }
            names[language] = own
            let readings = Self.readings[language] ?? [:]
            lists[language] = own.map { Country(code: $0.key, name: $0.value) }.sorted { lhs, rhs in
                let order = (readings[lhs.code] ?? lhs.name).compare(readings[rhs.code] ?? rhs.name, options: [], range: nil, locale: locale)
                return order == .orderedSame ? lhs.code < rhs.code : order == .orderedAscending
            }
        }
        var codesByName = candidates.compactMapValues { $0.count == 1 ? $0.first : nil }
        codesByName.removeValue(forKey: "")
        for code in CountryCode.all { codesByName[TextFolding.folded(code)] = code }
        self.lists = lists
        self.names = names
        self.codesByName = codesByName
    }

    /// How the Japanese names that begin in kanji are read, for sorting. Reference data, kept here.
    static let readings: [Language: [String: String]] = [.ja: [
        "AQ": "ナンキョク", "AS": "ベイリョウサモア", "CF": "チュウオウアフリカキョウワコク", "CN": "チュウゴク", "EH": "ニシサハラ",
        "GF": "フツリョウギアナ", "GQ": "セキドウギニア", "HK": "ホンコン", "JP": "ニホン", "KP": "キタチョウセン", "KR": "カンコク",
        "MK": "キタマケドニア", "MP": "キタマリアナショトウ", "PF": "フツリョウポリネシア", "SS": "ミナミスーダン",
        "TF": "フツリョウキョクナンショトウ", "TL": "ヒガシティモール", "TW": "タイワン", "UM": "ガッシュウコクリョウユウショウリトウ",
        "VG": "エイリョウヴァージンショトウ", "VI": "ベイリョウヴァージンショトウ", "ZA": "ミナミアフリカ",
    ]]

    /// The names of the bundled message catalogue.
    public static let bundled = CountryNames(messages: .bundled)

    /// Every country with its name in `language`, sorted as that language sorts.
    public func countries(_ language: Language) -> [Country] { lists[language] ?? [] }

    /// The country's name in `language`; the text itself when it is no assigned code.
    public func name(_ code: String, _ language: Language) -> String { names[language]?[code] ?? code }

    /// The code a person means by `text`: a code (any case) or a country's name in any of the
    /// service's languages, without regard to case, accents or spacing; nil otherwise.
    public func code(for text: String) -> String? {
        codesByName[TextFolding.folded(text)]
    }
}
