import Foundation
import Localization
import Testing

@Suite("Language negotiation and message catalogues")
struct LocalizationTests {
    @Test(arguments: [
        (nil, nil, Language.vi),
        ("en-US,en;q=0.9", nil, .en),
        ("fr-FR, ja;q=0.8, en;q=0.5", nil, .ja),
        ("ko;q=0.2, zh-CN;q=0.9", nil, .zhHans),
        ("zh", nil, .zhHans),
        ("zh-Hans-SG", nil, .zhHans),
        ("zh-TW, en;q=0.1", nil, .en),
        ("de, fr", nil, .vi),
        ("en;q=0, ja", nil, .ja),
        ("*", nil, .vi),
        ("en", "ko", .ko),
        ("en", "xx-invalid!", .en),
        ("EN-gb", nil, .en),
        ("ja;q=0.5, ko;q=0.5", nil, .ja),
    ] as [(String?, String?, Language)])
    func negotiation(_ header: String?, _ override: String?, _ expected: Language) {
        #expect(LanguageNegotiation.negotiate(acceptLanguage: header, override: override) == expected)
    }

    @Test func everyKeyExistsInEveryLanguage() {
        let catalogue = MessageCatalogue.bundled
        for language in Language.allCases {
            #expect(catalogue.missing(in: language) == [], "missing in \(language.rawValue)")
        }
        #expect(catalogue.allKeys.count > 50)
    }

    @Test func placeholdersMatchAcrossLanguages() {
        let catalogue = MessageCatalogue.bundled
        let pattern = try! NSRegularExpression(pattern: "\\{[a-zA-Z]+\\}")
        func placeholders(_ text: String) -> Set<String> {
            Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) })
        }
        for key in catalogue.allKeys {
            let english = placeholders(catalogue.text(key, .en, ["count": "2"]))
            for language in Language.allCases {
                #expect(placeholders(catalogue.text(key, language, ["count": "2"])) == english, "\(key) in \(language.rawValue)")
            }
        }
    }

    @Test func vietnameseCarriesDiacritics() {
        let text = MessageCatalogue.bundled.text("problem.invalid_credentials.detail", .vi)
        #expect(text.unicodeScalars.contains { $0.value > 0x7F }, "\(text)")
    }

    @Test func pluralFormsFollowTheLanguage() {
        let catalogue = MessageCatalogue.bundled
        #expect(catalogue.text("problem.validation_failed.detail", .en, ["count": "1"]) == "One field is invalid; see errors.")
        #expect(catalogue.text("problem.validation_failed.detail", .en, ["count": "3"]) == "3 fields are invalid; see errors.")
        #expect(catalogue.text("problem.validation_failed.detail", .ja, ["count": "3"]).contains("3"))
    }

    @Test func missingKeyFallsBackToTheKeyItself() {
        #expect(MessageCatalogue.bundled.text("no.such.key", .ko) == "no.such.key")
    }
}
