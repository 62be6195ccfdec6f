import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Licensing
import Localization

/// A consulted department's inbox: its consultations, pending first with their due dates,
/// the dossier's documents it may see, and the answer form. The licensing service decides
/// what a department may read and answer, as for the API.
extension WebConsole {
    /// GET /consultations (`?all=1` includes answered ones).
    func consultationInbox(_ request: Request, notice: (id: UUID, PageNotice)? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let all = WebQuery(request)["all"] == "1"
        let page = try PageRequest(limit: 50, cursor: WebQuery(request)["after"].map(String.init))
        let result = try await services.licensing.consultationQueue(pendingOnly: !all, page: page, by: session.actor)
        var rows: [[String: Any]] = []
        var dossiers: [UUID: (Dossier, [DossierEvent])] = [:]
        for consultation in result.items where dossiers[consultation.dossierID] == nil {
            dossiers[consultation.dossierID] = try await services.licensing.history(of: consultation.dossierID, by: session.actor)
        }
        let (applicants, _) = try await services.licensing.queueNames(for: dossiers.values.map(\.0), by: session.actor)
        for consultation in result.items {
            guard let (dossier, events) = dossiers[consultation.dossierID] else { continue }
            let procedure = try await services.catalogue.procedure(dossier.procedureCode, version: dossier.procedureVersion)
            let names = documentNames(procedure, language)
            let id = consultation.id.uuidString.lowercased()
            // The officer's question: the words given with the request to consult.
            let question = events.last { $0.action == DossierAction.consult.rawValue }?.details["comment"]?.stringValue
            var row: [String: Any] = [
                "id": id, "reference": dossier.reference ?? "—", "procedure": procedure?.name.text(language) ?? dossier.procedureCode,
                "applicant": applicants[dossier.organisationID] as Any, "question": question as Any,
                "formRows": formRows(dossier, procedure: procedure, language: language),
                "keyField": keyField(of: dossier, procedure: procedure, language: language),
                "dueOn": view.messages.display(consultation.dueOn, language), "overdue": consultation.overdue,
                "pending": consultation.status == .pending,
                "state": view.messages.text("web.consultation.\(consultation.status.rawValue)", language),
                "opinion": consultation.opinion.map { view.messages.text("web.opinion.\($0)", language) } as Any,
                "answer": consultation.answer as Any,
                "purpose": procedure?.consultations.first { $0.department == consultation.departmentCode }?.purpose.text(language) as Any,
                "documents": try await services.licensing.documents(of: dossier.id, by: session.actor).map { document -> [String: Any] in
                    ["type": names[document.documentType] ?? document.documentType, "filename": document.filename,
                     "href": "/dossiers/\(dossier.id.uuidString.lowercased())/documents/\(document.id.uuidString.lowercased())"]
                },
                "opinions": LicensingService.opinions.sorted().map { ["code": $0, "name": view.messages.text("web.opinion.\($0)", language)] },
            ]
            if let notice, notice.id == consultation.id {
                row["notice"] = notice.1.message
                row["opinionError"] = notice.1.fieldErrors["opinion"] as Any
                row["textError"] = notice.1.fieldErrors["text"] as Any
            }
            rows.append(row)
        }
        var values: [String: Any] = ["consultations": rows, "empty": rows.isEmpty, "all": all]
        if let next = result.nextCursor { values["next"] = "/consultations?after=\(next)" + (all ? "&all=1" : "") }
        return view.page("consultations", title: view.messages.text("web.consultations.title", language), values: values,
                         session: session, request: request, status: notice?.1.status ?? .ok)
    }

    /// POST /consultations/{id}/answer: the department's opinion.
    func answerConsultation(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, form in
            do {
                _ = try await services.licensing.answer(consultation: id, opinion: form["opinion"] ?? "", text: form["text"] ?? "",
                                                        by: session.actor)
            } catch let problem as Problem where problem.status == .unprocessable || problem.status == .conflict {
                return try await consultationInbox(request, notice: (id, PageNotice(problem, view: view, language: session.language)),
                                                   session: session)
            }
            return WebView.redirect(to: "/consultations")
        }
    }
}
