import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Licensing
import Localization

/// The applicant's last look before submitting: the form as it will be filed, the
/// required-documents checklist, what submitting would still refuse (each gap a link to
/// where it is fixed), and the declaration the applicant makes by submitting.
extension WebConsole {
    /// GET /dossiers/{id}/review.
    func reviewPage(_ request: Request, id: UUID, notice: PageNotice? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let dossier = try await services.licensing.dossier(id, by: session.actor)
        let dossierPath = "/dossiers/\(id.uuidString.lowercased())"
        // Only a draft is reviewed before submitting; anything else is on its dossier page.
        guard dossier.status == .draft, session.actor.has(.investor) else { return WebView.redirect(to: dossierPath) }
        let procedure = try await services.catalogue.procedure(dossier.procedureCode, version: dossier.procedureVersion)
        let documents = try await services.licensing.documents(of: id, by: session.actor)
        let gaps = try await services.licensing.submissionGaps(of: id, by: session.actor)
        let names = documentNames(procedure, language)
        let gapProblem = Problem(.unprocessable, "dossier_incomplete", fieldErrors: gaps)
        let details = ProblemDocument(gapProblem, language: language, catalogue: view.messages, requestID: "", instance: nil).errors ?? []
        let gapRows = zip(gaps, details).map { gap, detail -> [String: Any] in
            let isDocument = gap.pointer.hasPrefix("/documents/")
            let name = gap.pointer.split(separator: "/").dropFirst().first.map(String.init) ?? ""
            let label = isDocument ? names[name] ?? name
                : procedure?.form["properties"]?[name].flatMap { SchemaForm.title(of: $0, language) } ?? name
            return ["label": label, "message": detail.detail, "href": isDocument ? "\(dossierPath)#documents-heading" : "\(dossierPath)/form"]
        }
        var values: [String: Any] = [
            "id": id.uuidString.lowercased(), "version": dossier.version,
            "procedure": procedure?.name.text(language) ?? dossier.procedureCode,
            "formRows": formRows(dossier, procedure: procedure, language: language),
            "checklist": procedure.map { documentChecklist($0, form: dossier.form, documents: documents, language: language) } ?? [],
            "gaps": gapRows, "ready": gaps.isEmpty,
            "steps": filingSteps(current: 3, dossierID: id, language: language),
        ]
        if let notice {
            values["notice"] = notice.message
            values["declarationError"] = notice.fieldErrors["declaration"] as Any
        }
        return view.page("review", title: view.messages.text("web.review.title", language), values: values, session: session,
                         request: request, status: notice?.status ?? .ok)
    }

    /// The three steps of filing, for the indicator above each: the form, the documents, the
    /// review. Steps already reachable are links.
    func filingSteps(current: Int, dossierID: UUID?, language: Language) -> [[String: Any]] {
        let path = dossierID.map { "/dossiers/\($0.uuidString.lowercased())" }
        let steps: [(key: String, href: String?)] = [
            ("web.steps.form", path.map { "\($0)/form" }), ("web.steps.documents", path), ("web.steps.review", path.map { "\($0)/review" }),
        ]
        return steps.enumerated().map { index, step -> [String: Any] in
            let number = index + 1
            var entry: [String: Any] = ["number": number, "label": view.messages.text(step.key, language),
                                        "state": number < current ? "done" : number == current ? "current" : "todo"]
            if number != current, let href = step.href { entry["href"] = href }
            if number == current { entry["current"] = true }
            return entry
        }
    }

    /// Every document the procedure asks of this dossier (as its form now reads), with its
    /// state: the file received (the latest counts), or still missing, required or not.
    func documentChecklist(_ procedure: Procedure, form: JSONValue, documents: [DossierDocument], language: Language) -> [[String: Any]] {
        procedure.applicableDocuments(for: form).map { document -> [String: Any] in
            let received = documents.filter { $0.documentType == document.code }.max { $0.uploadedAt < $1.uploadedAt }
            var entry: [String: Any] = ["name": document.name.text(language), "required": document.required]
            if let received {
                entry["received"] = true
                entry["filename"] = received.filename
                entry["state"] = view.messages.text("web.checklist.received", language)
            } else {
                entry["state"] = view.messages.text(document.required ? "web.checklist.missing" : "web.checklist.optional", language)
            }
            return entry
        }
    }
}
