import Foundation

/// Checks that a text is really written in the language it is filed under: Chinese and
/// Japanese carry Han or kana, Korean carries Hangul, Vietnamese sentences carry their
/// diacritics, English carries no East Asian script. Catches the usual slips of a catalogue
/// (an English placeholder left in, a text pasted under the wrong language, Vietnamese typed
/// without accents) in tests and when a zone's catalogue is loaded.
public enum TranslationAudit {
    /// Why `text` does not look like `language`, or nil when it does. Placeholders (`{name}`),
    /// codes and numbers are ignored; a text with no words left is accepted.
    public static func problem(_ text: String, in language: Language) -> String? {
        let prose = text.replacingOccurrences(of: "\\{[A-Za-z]+\\}", with: " ", options: .regularExpression)
        let scalars = prose.unicodeScalars
        let letters = scalars.filter { CharacterSet.letters.contains($0) }
        guard letters.count >= 4 else { return nil }
        switch language {
        case .zhHans:
            return scalars.contains(where: isHan) ? nil : "no Chinese characters"
        case .ja:
            return scalars.contains { isKana($0) || isHan($0) } ? nil : "no Japanese characters"
        case .ko:
            return scalars.contains(where: isHangul) ? nil : "no Hangul"
        case .vi:
            let words = prose.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 2 && $0.allSatisfy(\.isLowercase) }
            return words.count < 3 || scalars.contains(where: isVietnameseLetter) ? nil : "Vietnamese without diacritics"
        case .en:
            return scalars.contains { isHan($0) || isKana($0) || isHangul($0) } ? "East Asian script in English" : nil
        }
    }

    /// Every ``LocalizedText`` inside `value` (structs, arrays, optionals, dictionaries), with
    /// the path to it, found by reflection so that new fields are audited without being listed.
    public static func localizedTexts(in value: Any, path: String = "") -> [(path: String, text: LocalizedText)] {
        if let text = value as? LocalizedText { return [(path, text)] }
        let mirror = Mirror(reflecting: value)
        var found: [(path: String, text: LocalizedText)] = []
        for (offset, child) in mirror.children.enumerated() {
            let label: String
            switch mirror.displayStyle {
            case .collection, .set: label = "\(path)[\(offset)]"
            case .optional: label = path
            case .dictionary:
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                label = "\(path)[\(pair.first.map { "\($0)" } ?? "\(offset)")]"
                if let entry = pair.last { found += localizedTexts(in: entry, path: label) }
                continue
            default: label = "\(path).\(child.label ?? "\(offset)")"
            }
            found += localizedTexts(in: child.value, path: label)
        }
        return found
    }

    /// Missing languages and script slips of every localized text inside `value`.
    public static func problems(in value: Any) -> [String] {
        localizedTexts(in: value).flatMap { path, text in
            text.missingLanguages.map { "\(path): no \($0.rawValue)" }
                + Language.allCases.compactMap { language in
                    text.values[language.rawValue].flatMap { problem($0, in: language) }.map { "\(path).\(language.rawValue): \($0)" }
                }
        }
    }

    private static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    private static func isKana(_ scalar: Unicode.Scalar) -> Bool { (0x3040...0x30FF).contains(scalar.value) }

    private static func isHangul(_ scalar: Unicode.Scalar) -> Bool { (0xAC00...0xD7AF).contains(scalar.value) }

    /// Letters only Vietnamese (among our languages) writes: đ, ă, â, ê, ô, ơ, ư and the tone marks.
    private static func isVietnameseLetter(_ scalar: Unicode.Scalar) -> Bool {
        (0x00C0...0x01B0).contains(scalar.value) || (0x1EA0...0x1EF9).contains(scalar.value) || (0x0300...0x0323).contains(scalar.value)
    }
}
