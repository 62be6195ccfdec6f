import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Licensing
import Localization

/// The public procedure guide and the eligibility questionnaire, from the same catalogue
/// and the same rules as `/v1/procedures` and `/v1/guide`. Anonymous pages are rendered
/// once per language and catalogue revision and then served from memory.
extension WebConsole {
    func procedurePage(_ request: Request, code: String) async throws -> Response {
        let session = await session(request)
        let language = session.language
        guard let procedure = try await services.catalogue.procedure(code) else { throw Problem.notFound("procedure") }
        return try await view.publicPage("procedure", key: "procedure:\(procedure.code):\(procedure.version)",
                                          revision: services.catalogue.revision, session: session, request: request) {
            var values = procedureValues(procedure, language)
            // How firmly each fact stands, and what stays open, is the Authority's working
            // knowledge: administrators read it here, the public never does.
            if CatalogueService.reviewsSources(session.actor) { values["review"] = sourceReview(procedure, language) }
            return (procedure.name.text(language), values)
        }
    }

    /// Each source with its status and note, the facts left without one, and the version's
    /// unconfirmed note.
    func sourceReview(_ procedure: Procedure, _ language: Language) -> [String: Any] {
        [
            "sources": (procedure.sources ?? []).map { source -> [String: Any] in
                ["citation": Self.citation(source),
                 "facts": source.facts.map { view.messages.text("web.source.fact.\($0.rawValue)", language) }.joined(separator: ", "),
                 "status": view.messages.text("web.source.status.\(source.status.rawValue)", language),
                 "firm": source.status == .confirmed, "note": source.note?.text(language) as Any, "url": source.url as Any]
            },
            "unsourced": procedure.unsourcedFacts.isEmpty ? nil as String? as Any
                : procedure.unsourcedFacts.map { view.messages.text("web.source.fact.\($0.rawValue)", language) }.joined(separator: ", "),
        ]
    }

    /// A citation any reader can follow, whatever their language: the instruments' numbers
    /// (`219/2025/NĐ-CP`) and the article in the reader's words (`第18–19条`), without the
    /// Vietnamese titles or the reference's internal ids; nil when the source names no number.
    func publicCitation(_ source: LegalSource, _ language: Language) -> String? {
        let numbers = source.instrument.matches(of: Self.instrumentNumber).map { String(source.instrument[$0.range]) }
        guard !numbers.isEmpty else { return nil }
        let article = source.article.flatMap { $0.firstMatch(of: Self.articleNumber) }.map { match in
            view.messages.text("web.source.article", language, ["number": String(source.article![match.range])])
        }
        return ([numbers.joined(separator: "; ")] + [article].compactMap { $0 }).joined(separator: ", ")
    }

    /// An instrument's number: `219/2025/NĐ-CP`, `143/2025/QH15`.
    nonisolated(unsafe) static let instrumentNumber = try! Regex("[0-9]+/[0-9]{4}/[A-ZĐ0-9-]+")
    /// The article's number or range: `18–19`.
    nonisolated(unsafe) static let articleNumber = try! Regex("[0-9]+([–-][0-9]+)?")

    /// "Nghị định số 219/2025/NĐ-CP, Điều 18–19 (F3.3)".
    static func citation(_ source: LegalSource) -> String {
        [source.instrument, source.article].compactMap { $0 }.joined(separator: ", ") + (source.reference.map { " (\($0))" } ?? "")
    }

    /// "10 working days", "15 days": a time limit in its unit.
    func timeLimitText(_ limit: Procedure.TimeLimit, _ language: Language) -> String {
        view.messages.text(limit.counted == .working ? "web.home.days" : "web.guide.calendar_days", language, ["count": String(limit.days)])
    }

    func procedureValues(_ procedure: Procedure, _ language: Language) -> [String: Any] {
        [
            "code": procedure.code, "description": procedure.description.text(language), "legalBasis": procedure.legalBasis.text(language),
            "timeLimit": timeLimitText(procedure.timeLimit, language),
            "clockStart": view.messages.text("web.guide.clock_\(procedure.clockRule.startsOn.rawValue)", language),
            "refusalLimit": procedure.refusalLimit.map { timeLimitText($0, language) } as Any,
            "issuer": procedure.issuer?.text(language) as Any,
            // The citations are public; how firmly each stands is for administrators.
            "citations": (procedure.sources ?? []).filter { $0.status != .unconfirmed }.compactMap { source -> [String: Any]? in
                publicCitation(source, language).map { ["citation": $0, "url": source.url as Any] }
            },
            "fees": procedure.fees.map { fee -> [String: Any] in
                ["name": fee.name.text(language), "amount": LocaleFormat.money(amount: fee.amount, currency: fee.currency, language),
                 "filing": fee.filing.map { view.messages.text("web.guide.filing_\($0.rawValue)", language) } as Any]
            },
            "documents": procedure.documents.map { document -> [String: Any] in
                var entry: [String: Any] = ["name": document.name.text(language), "required": document.required]
                if let condition = document.when, let property = procedure.form["properties"]?[condition.field] {
                    let value = condition.equals.stringValue.map { SchemaForm.optionTitle($0, of: property, language) }
                        ?? SchemaForm.display(condition.equals, of: property, language) { view.messages.display($0, language) }
                    entry["condition"] = view.messages.text("web.guide.when", language,
                                                            ["field": SchemaForm.title(of: property, language) ?? condition.field, "value": value])
                }
                return entry
            },
            "steps": procedure.steps.map { ["text": $0.text.text(language)] },
            "result": procedure.result.text(language), "complaints": procedure.complaints.text(language),
            "unconfirmed": procedure.unconfirmed?.text(language) as Any,
            "changes": procedure.changes?.text(language) as Any,
        ]
    }

    /// GET /guide: the questions; with answers (`a.<question>=…`) the procedures they lead to.
    ///
    /// A country is typed or picked by its name in any of the service's languages ("대한민국",
    /// "Hàn Quốc", or the code), from suggestions of every name; an activity by its code or
    /// words of its name, and words that fit several classes come back with those classes as
    /// the input's suggestions (the whole classification would triple the page's weight).
    /// Whatever was typed is kept whole. (Control characters never get here: the console
    /// refuses them in any query.)
    func guidePage(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        guard let guide = services.catalogue.catalogue.guide else { throw Problem.notFound("guide") }
        let query = WebQuery(request)
        let countries = CountryNames.bundled
        let activities = SchemaForm(.object([:]), activities: services.catalogue.catalogue.activities)
        var answers: [String: JSONValue] = [:]
        for question in guide.questions {
            let text = query["a.\(question.code)"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            guard !text.isEmpty else { continue }
            switch question.type {
            case .boolean: answers[question.code] = .bool(text == "true")
            case .integer: answers[question.code] = Int64(text).map(JSONValue.integer) ?? .string(text)
            case .money:
                let currency = (query["a.\(question.code).currency"].map(String.init) ?? "VND").uppercased()
                answers[question.code] = .object(["amount": .string(text), "currency": .string(currency)])
            case .country: answers[question.code] = .string(countries.code(for: text) ?? text)
            case .vsic: answers[question.code] = .string(activities.activityCode(text))
            case .choice: answers[question.code] = .string(text)
            }
        }
        var values: [String: Any] = [
            "questions": guide.questions.map { question -> [String: Any] in
                let answered = query["a.\(question.code)"].map(String.init) ?? ""
                var field: [String: Any] = ["code": question.code, "id": "q-\(question.code)", "text": question.text.text(language),
                                            question.type.rawValue: true, "value": answered]
                if question.type == .boolean { field["yes"] = answered == "true"; field["no"] = answered == "false" }
                if let choices = question.choices {
                    field["choices"] = choices.map { ["code": $0, "name": view.messages.text(ifPresent: "web.guide.choice.\($0)", language) ?? $0,
                                                      "selected": $0 == answered] as [String: Any] }
                }
                if question.type == .money { field["currency"] = query["a.\(question.code).currency"].map(String.init) ?? "VND" }
                let typed = answered.trimmingCharacters(in: .whitespaces)
                if question.type == .country {
                    // Shown by its name in the page's language once it is understood; as typed otherwise.
                    field["value"] = countries.code(for: typed).map { countries.name($0, language) } ?? answered
                    field["suggestions"] = countries.countries(language).map { ["text": $0.name] }
                    field["hint"] = view.messages.text("web.hint.country", language)
                }
                if question.type == .vsic, services.catalogue.catalogue.activities != nil {
                    field["value"] = typed.isEmpty ? "" : activities.activityText(activities.activityCode(typed), language)
                    let matches = typed.isEmpty || activities.activityCode(typed).wholeMatch(of: /[0-9]{4}/) != nil ? [] : activities.activityMatches(typed)
                    if !matches.isEmpty {
                        field["suggestions"] = matches.map { ["text": activities.activityText($0.code, language)] }
                        field["listed"] = true
                    }
                    field["hint"] = view.messages.text("web.hint.vsic_search", language)
                }
                return field
            },
        ]
        if !answers.isEmpty {
            do {
                let (determinants, notes) = try guide.evaluate(answers, activities: services.catalogue.catalogue.activities)
                var results: [[String: Any]] = []
                for determinant in determinants {
                    guard let procedure = try await services.catalogue.procedure(determinant.procedure) else { continue }
                    results.append([
                        "code": procedure.code, "name": procedure.name.text(language), "because": determinant.because.text(language),
                        "timeLimit": procedureValues(procedure, language)["timeLimit"] as Any,
                        "documents": procedure.guideDocuments(for: answers).map { ["name": $0.document.name.text(language), "required": $0.required] },
                    ])
                }
                values["answered"] = true
                values["results"] = results
                values["notes"] = notes.map { $0.text.text(language) }
            } catch let problem as Problem where problem.status == .unprocessable || problem.status == .badRequest {
                values["notice"] = view.notice(for: problem, language)
                let errors = SchemaForm.errors(problem, messages: view.messages, language: language, prefix: "/answers/")
                values["questions"] = (values["questions"] as? [[String: Any]] ?? []).map { question in
                    var question = question
                    if let code = question["code"] as? String, let error = errors[code] {
                        // A name the page could not match is not a wrong code: say what to do instead.
                        let typed = ["value": question["value"] as? String ?? ""]
                        question["error"] = if question["country"] != nil {
                            view.messages.text("web.guide.country_unknown", language, typed)
                        } else if question["vsic"] != nil {
                            activities.activityProblem(typed["value"] ?? "", language, view.messages) ?? error
                        } else {
                            error
                        }
                    }
                    return question
                }
            }
        }
        return view.page("guide", title: view.messages.text("web.guide.title", language), values: values, session: session, request: request)
    }
}
