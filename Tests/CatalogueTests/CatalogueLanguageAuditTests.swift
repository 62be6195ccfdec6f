import DataExchange
import Localization
@testable import Programs
import Testing
import TradeData

/// The other zone data speaks the languages of its readers, each written in its own script:
/// the shared-data services and purposes (an investor's data tracker names them) and the
/// alert rules (an enterprise hears of alerts on its containers) in all five; the programme
/// catalogue, the city's own planning text read by its staff, in Vietnamese and English.
@Suite("Zone data in the languages of its readers")
struct CatalogueLanguageAuditTests {
    @Test func dataServicesAndAlertRulesAreInFiveLanguages() throws {
        let exchange = try ExchangeCatalogue.load(directory: nil)
        #expect(TranslationAudit.localizedTexts(in: exchange).count >= 10)
        #expect(TranslationAudit.problems(in: exchange) == [])
        let trade = try TradeCatalogue.load(directory: nil)
        #expect(TranslationAudit.localizedTexts(in: trade).count >= 4)
        #expect(TranslationAudit.problems(in: trade) == [])
    }

    @Test func programmesAreInVietnameseAndEnglish() throws {
        let programmes = TranslationAudit.localizedTexts(in: try ProgrammeSeed.bundled())
        #expect(programmes.count >= 40, "ten programmes, their indicators and legal bases")
        for (path, text) in programmes {
            for language in [Language.vi, .en] {
                let value = try #require(text.values[language.rawValue], "\(path) has no \(language.rawValue)")
                #expect(TranslationAudit.problem(value, in: language) == nil, "\(path).\(language.rawValue): \(value)")
            }
        }
    }
}
