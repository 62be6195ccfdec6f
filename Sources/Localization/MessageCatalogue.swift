import Foundation

/// Translated message texts, one JSON file per language under `Resources/messages`.
///
/// A text may hold `{name}` placeholders filled from arguments; an argument may be given per
/// language as `name@<language>` (a form field's title, `earlier@ja`), and the text takes the
/// one in its reader's language or the nearest in the fallback chain. A key whose value is an
/// object holds plural forms by CLDR category (`one`, `other`), chosen by the `count`
/// argument; languages without plural inflection (vi, zh, ko, ja) give only `other`.
public final class MessageCatalogue: Sendable {
    enum Entry: Sendable, Decodable {
        case text(String)
        case plural([String: String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .plural(try container.decode([String: String].self))
            }
        }
    }

    private let entries: [Language: [String: Entry]]

    init(entries: [Language: [String: Entry]]) { self.entries = entries }

    public enum LoadError: Error, CustomStringConvertible {
        case missingFile(Language)
        case unreadable(Language, String)
        public var description: String {
            switch self {
            case .missingFile(let language): "message catalogue for \(language.rawValue) is missing"
            case .unreadable(let language, let why): "message catalogue for \(language.rawValue) is not valid JSON: \(why)"
            }
        }
    }

    /// The catalogues shipped with the service.
    public static let bundled: MessageCatalogue = {
        do { return try load(from: Bundle.module.url(forResource: "messages", withExtension: nil)!) } catch {
            fatalError("the bundled message catalogues must load: \(error)")
        }
    }()

    /// Loads `<language>.json` for every supported language from `directory`.
    public static func load(from directory: URL) throws -> MessageCatalogue {
        var entries: [Language: [String: Entry]] = [:]
        for language in Language.allCases {
            let url = directory.appendingPathComponent("\(language.rawValue).json")
            guard let data = try? Data(contentsOf: url) else { throw LoadError.missingFile(language) }
            do { entries[language] = try JSONDecoder().decode([String: Entry].self, from: data) } catch {
                throw LoadError.unreadable(language, "\(error)")
            }
        }
        return MessageCatalogue(entries: entries)
    }

    /// Every key present in any language.
    public var allKeys: Set<String> { entries.values.reduce(into: Set()) { $0.formUnion($1.keys) } }

    /// Keys some language has and `language` lacks, and plural forms it lacks.
    public func missing(in language: Language) -> [String] {
        let own = entries[language] ?? [:]
        var missing = allKeys.subtracting(own.keys)
        for (key, entry) in own {
            if case .plural(let forms) = entry {
                for category in PluralRules.categories(for: language) where forms[category] == nil {
                    missing.insert("\(key)#\(category)")
                }
            }
        }
        return missing.sorted()
    }

    /// Whether `key` has plural forms in `language` (texts with a `{count}` need them in English).
    public func isPlural(_ key: String, in language: Language) -> Bool {
        if case .plural = entries[language]?[key] { return true }
        return false
    }

    /// Whether `language` has its own text for `key` (without falling back).
    public func has(_ key: String, in language: Language) -> Bool { entries[language]?[key] != nil }

    /// The text for `key` in the first language of `language`'s fallback chain that has it;
    /// the key itself if none has (never crashes on a missing text).
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        for candidate in language.fallbackChain {
            guard let entry = entries[candidate]?[key] else { continue }
            return Self.fill(Self.select(entry, candidate, arguments), Self.arguments(arguments, in: language))
        }
        return key
    }

    public func text(ifPresent key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String? {
        language.fallbackChain.contains { entries[$0]?[key] != nil } ? text(key, language, arguments) : nil
    }

    /// The arguments with each one given per language (`name@ja`) taken in `language`, or in
    /// the first language of its fallback chain that has it.
    static func arguments(_ arguments: [String: String], in language: Language) -> [String: String] {
        guard arguments.keys.contains(where: { $0.contains("@") }) else { return arguments }
        var chosen = arguments.filter { !$0.key.contains("@") }
        let names = Set(arguments.keys.compactMap { key in key.firstIndex(of: "@").map { String(key[..<$0]) } })
        for name in names {
            if let value = language.fallbackChain.lazy.compactMap({ arguments["\(name)@\($0.rawValue)"] }).first { chosen[name] = value }
        }
        return chosen
    }

    private static func select(_ entry: Entry, _ language: Language, _ arguments: [String: String]) -> String {
        switch entry {
        case .text(let text): return text
        case .plural(let forms):
            let count = arguments["count"].flatMap { Int($0) } ?? 0
            return forms[PluralRules.category(for: count, in: language)] ?? forms["other"] ?? ""
        }
    }

    /// Puts the arguments in their `{name}` places in one pass: a value is never scanned
    /// again (one holding "{other}" stays as it is), and a brace that names no argument stays.
    private static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = ""
        result.reserveCapacity(template.utf8.count + 16)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let name = rest.index(after: open)
            if let close = rest[name...].firstIndex(of: "}"), let value = arguments[String(rest[name..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("{")
                rest = rest[name...]
            }
        }
        result += rest
        return result
    }
}

/// CLDR cardinal plural categories for integers, for the languages we speak.
public enum PluralRules {
    public static func categories(for language: Language) -> [String] {
        language == .en ? ["one", "other"] : ["other"]
    }

    public static func category(for count: Int, in language: Language) -> String {
        language == .en && count == 1 ? "one" : "other"
    }
}
