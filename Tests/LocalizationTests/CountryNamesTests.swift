import Foundation
import Localization
import Testing

/// Countries are chosen by name in the reader's language and kept as ISO codes.
@Suite("Country names")
struct CountryNamesTests {
    let countries = CountryNames.bundled

    @Test func eachLanguageNamesEveryCountryInItsOwnWords() {
        #expect(countries.name("KR", .ja) == "韓国")
        #expect(countries.name("KR", .ko) == "대한민국")
        #expect(countries.name("KR", .vi) == "Hàn Quốc")
        #expect(countries.name("KR", .zhHans) == "韩国")
        #expect(countries.name("KR", .en) == "South Korea")
        #expect(countries.name("VN", .ja) == "ベトナム")
        for language in Language.allCases {
            let list = countries.countries(language)
            #expect(list.count == 249, "every assigned code, in \(language.rawValue)")
            #expect(list.allSatisfy { $0.name != $0.code }, "no country is left as a bare code in \(language.rawValue)")
        }
    }

    @Test func theStatesUsageOverridesThePlatformsNames() {
        // The platform says "China mainland"; the Authority's forms say China, and Taiwan (China).
        #expect(countries.name("CN", .en) == "China")
        #expect(countries.name("CN", .ja) == "中国")
        #expect(countries.name("TW", .vi) == "Đài Loan (Trung Quốc)")
        #expect(countries.name("HK", .zhHans) == "中国香港")
    }

    @Test func listsFollowEachLanguagesOrder() {
        func position(_ code: String, _ language: Language) -> Int {
            countries.countries(language).firstIndex { $0.code == code } ?? -1
        }
        // Vietnamese: Ấ is a letter after A, Đ after D.
        #expect(position("AU", .vi) < position("IN", .vi))   // Australia before Ấn Độ
        #expect(position("TW", .vi) > position("DM", .vi))   // Đài Loan after Dominica
        // Chinese by pinyin: 澳大利亚 (ào) before 德国 (dé) before 越南 (yuè).
        #expect(position("AU", .zhHans) < position("DE", .zhHans) && position("DE", .zhHans) < position("VN", .zhHans))
        // Korean by Hangul: 가나 first, 대한민국 before 미국.
        #expect(countries.countries(.ko).first?.name == "가나")
        #expect(position("KR", .ko) < position("US", .ko))
        // Japanese in gojūon order, the names in kanji by their reading: 韓国 (かんこく) between
        // ガーナ and カンボジア, 日本 (にほん) before ニュージーランド.
        #expect(position("US", .ja) < position("VN", .ja))
        #expect(position("GH", .ja) < position("KR", .ja) && position("KR", .ja) < position("KH", .ja))
        #expect(position("JP", .ja) < position("NZ", .ja))
        #expect(countries.countries(.ja).last.map { $0.name.unicodeScalars.first!.value < 0x4E00 } == true, "no kanji name is left at the end")
    }

    @Test func aCountryIsFoundByItsNameInAnyLanguageOrItsCode() {
        for typed in ["대한민국", "韓国", "韩国", "Hàn Quốc", "han quoc", "HÀN QUỐC", "South Korea", "kr", "KR"] {
            #expect(countries.code(for: typed) == "KR", "\(typed)")
        }
        #expect(countries.code(for: "Hồng Kông") == "HK", "without the bracketed part")
        #expect(countries.code(for: "China mainland") == "CN", "the platform's own name too")
        #expect(countries.code(for: "Atlantis") == nil)
        #expect(countries.code(for: "") == nil)
    }

    @Test func argumentsMayBeGivenPerLanguage() {
        let messages = MessageCatalogue.bundled
        let arguments = ["earlier": "startDate", "earlier@ja": "就労開始予定日", "earlier@en": "Expected start date"]
        #expect(messages.text("field.date_order", .ja, arguments).contains("「就労開始予定日」"))
        #expect(messages.text("field.date_order", .ko, arguments).contains("Expected start date"), "the nearest language that has one")
        #expect(messages.text("field.date_order", .en, ["earlier": "startDate"]).contains("“startDate”"))
    }
}
