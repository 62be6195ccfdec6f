import Foundation
import Localization
import Testing

/// Every text the service can show exists in all five languages, is written in that
/// language, and every message code the code raises has its texts.
@Suite("Translation quality")
struct TranslationQualityTests {
    let catalogue = MessageCatalogue.bundled

    @Test func everyMessageIsWrittenInItsOwnLanguage() {
        var slips: [String] = []
        for key in catalogue.allKeys.sorted() {
            for language in Language.allCases {
                for count in ["1", "3"] {
                    if let problem = TranslationAudit.problem(catalogue.text(key, language, ["count": count]), in: language) {
                        slips.append("\(key) [\(language.rawValue)]: \(problem)")
                    }
                }
            }
        }
        #expect(Set(slips).sorted() == [])
    }

    @Test func englishCountsAreInflected() {
        for key in catalogue.allKeys where catalogue.text(key, .en).contains("{count}") {
            #expect(catalogue.isPlural(key, in: .en), "\(key) counts things: it needs `one` and `other` forms in English")
        }
        #expect(catalogue.text("problem.validation_failed.detail", .en, ["count": "1"]).hasPrefix("One field"))
        #expect(catalogue.text("problem.validation_failed.detail", .vi, ["count": "1"]) != catalogue.text("problem.validation_failed.detail", .en, ["count": "1"]))
    }

    @Test func theAuditCatchesTheUsualSlips() {
        #expect(TranslationAudit.problem("Hồ sơ đã được tiếp nhận", in: .vi) == nil)
        #expect(TranslationAudit.problem("Ho so da duoc tiep nhan", in: .vi) != nil, "Vietnamese typed without accents")
        #expect(TranslationAudit.problem("Application received", in: .zhHans) != nil, "English left under Chinese")
        #expect(TranslationAudit.problem("申請を受け付けました", in: .ja) == nil)
        #expect(TranslationAudit.problem("申请已受理", in: .ko) != nil, "Chinese pasted under Korean")
        #expect(TranslationAudit.problem("{day}/{month}/{year}", in: .ko) == nil, "no words, nothing to judge")
        let partial = LocalizedText(["vi": "Tên", "en": "Name"])
        #expect(TranslationAudit.problems(in: ["field": partial]).count == 3, "zh-Hans, ko and ja missing")
    }

    /// Reads the sources for the codes they raise (problem codes, field reasons, resources)
    /// and asks the catalogue for their texts, so a new error cannot ship untranslated.
    @Test func everyCodeTheServiceRaisesHasItsTexts() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let patterns: [(String, (String) -> [String])] = [
            (#"Problem\(\.[a-zA-Z]+, "([a-z_.]+)""#, { ["problem.\($0).title"] }),
            (#"Problem\.conflict\("([a-z_.]+)""#, { ["problem.\($0).title"] }),
            (#""(?:/|query:|path:)[^"]*",\s*"([a-z_.]+)""#, { ["field.\($0)"] }),
            // Parameters the capabilities name by their domain name (`cursor`, `treeSize`).
            (#"(?:validator\.(?:add|check)\([^\n]*?|FieldError\(|\.init\()"[a-zA-Z]+",\s*"([a-z_.]+)""#, { ["field.\($0)"] }),
            (#"ValueError\("([a-z_.]+)"\)"#, { ["field.\($0)"] }),
            (#"Problem\.notFound\("([a-z_]+)"\)"#, { ["resource.\($0)"] }),
        ]
        var keys: [String: String] = [:]
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (pattern, expand) in patterns {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let code = (text as NSString).substring(with: match.range(at: 1))
                    for key in expand(code) { keys[key] = file.lastPathComponent }
                }
            }
        }
        #expect(keys.count > 100, "the scan found the codes (\(keys.count))")
        for (key, file) in keys.sorted(by: { $0.key < $1.key }) {
            for language in Language.allCases {
                #expect(catalogue.has(key, in: language), "\(key) (raised in \(file)) has no \(language.rawValue) text")
            }
        }
    }
}
