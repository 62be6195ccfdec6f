import FTZAPI
import FTZCore
import HTTPSupport
import Licensing
import Localization

/// The investor guide's questionnaire: questions, and the checklist the answers lead to.
extension APIHandler {
    private var eligibilityGuide: EligibilityGuide {
        get throws(Problem) {
            guard let guide = services.catalogue.catalogue.guide else { throw Problem.notFound("guide") }
            return guide
        }
    }

    func getGuideQuestions(_ input: Operations.GetGuideQuestions.Input) async throws -> Operations.GetGuideQuestions.Output {
        let text = LocalizedTextResolver(RequestScope.current.language)
        let questions = try eligibilityGuide.questions.map { question in
            Components.Schemas.GuideQuestions.QuestionsPayloadPayload(
                code: question.code, _type: .init(question.type), choices: question.choices, text: text(question.text))
        }
        return .ok(.init(body: .json(.init(questions: questions, language: text.language.rawValue,
                                           fallbackLanguages: text.fallbackLanguages))))
    }

    func evaluateGuide(_ input: Operations.EvaluateGuide.Input) async throws -> Operations.EvaluateGuide.Output {
        let body = switch input.body { case .json(let body): body }
        guard case .object(let answers) = JSONContainers.json(body.answers.additionalProperties) else { throw Problem.invalid("/answers", "wrong_type") }
        let (determinants, notes) = try eligibilityGuide.evaluate(answers, activities: services.catalogue.catalogue.activities)
        let mapping = licensingMapping
        let text = LocalizedTextResolver(mapping.language)
        var procedures: [Components.Schemas.GuideChecklist.ProceduresPayloadPayload] = []
        for determinant in determinants {
            guard let procedure = try await services.catalogue.procedure(determinant.procedure, version: nil) else { continue }
            let documents = procedure.guideDocuments(for: answers).map { document, required in
                Components.Schemas.GuideChecklist.ProceduresPayloadPayload.DocumentsPayloadPayload(
                    code: document.code, name: text(document.name), required: required)
            }
            procedures.append(.init(
                code: procedure.code, name: text(procedure.name), because: text(determinant.because), timeLimit: mapping.timeLimit(procedure),
                legalBasis: text(procedure.legalBasis),
                fees: procedure.fees.map { fee in
                    Components.Schemas.GuideChecklist.ProceduresPayloadPayload.FeesPayloadPayload(
                        code: fee.code, name: text(fee.name), amount: .init(amount: fee.amount, currency: fee.currency),
                        amountDisplay: mapping.moneyDisplay(fee), filing: fee.filing.flatMap { .init(rawValue: $0.rawValue) })
                },
                onlineFilingTotal: mapping.onlineFilingTotal(procedure),
                documents: documents))
        }
        // What could not be checked against the legal text is the Authority's working note,
        // read by its administrators in the console, never published (issue 27).
        return .ok(.init(body: .json(.init(procedures: procedures, notes: notes.map { text($0.text) },
                                           language: text.language.rawValue,
                                           fallbackLanguages: text.fallbackLanguages))))
    }
}
