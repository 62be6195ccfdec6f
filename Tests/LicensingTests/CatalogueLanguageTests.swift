import Licensing
import Localization
import Testing

/// The zone's procedures, guide and reference lists speak all five languages, and every
/// dossier status and step has a name in each.
@Suite("The zone catalogue in five languages")
struct CatalogueLanguageTests {
    @Test func everyCatalogueTextIsInEveryLanguageAndWrittenInIt() throws {
        let catalogue = try ZoneCatalogue.load(.bundled)
        let texts = TranslationAudit.localizedTexts(in: catalogue)
        #expect(texts.count > 100, "procedures, documents, fees, steps, guide questions and notes were all reached (\(texts.count))")
        #expect(texts.contains { $0.path.contains("guide") }, "the eligibility guide is audited too")
        #expect(TranslationAudit.problems(in: catalogue) == [])
    }

    @Test func everyStatusAndStepHasANameInEveryLanguage() {
        let messages = MessageCatalogue.bundled
        for language in Language.allCases {
            for status in DossierStatus.allCases {
                #expect(messages.has("status.\(status.rawValue)", in: language), "status.\(status.rawValue) in \(language.rawValue)")
                #expect(messages.has("next.\(status.rawValue)", in: language), "next.\(status.rawValue) in \(language.rawValue)")
            }
            for action in DossierAction.allCases {
                #expect(messages.has("action.\(action.rawValue)", in: language), "action.\(action.rawValue) in \(language.rawValue)")
            }
        }
    }
}
