import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Licensing
import Localization

/// One dossier as its investor and the Authority's staff see it: the form, the documents,
/// the history, consultations and (for staff) internal notes, with a button for exactly
/// the actions the status and the role allow — the licensing state machine's own list.
extension WebConsole {
    /// What went wrong with the last post, shown on the page it came from.
    struct PageNotice {
        var message: String
        /// Field errors by input name (`comment`, `reasons`, `file`, a form field's name).
        var fieldErrors: [String: String] = [:]
        /// Every field error in order, by its pointer, for the list at the top of the page.
        var details: [(pointer: String, message: String)] = []
        /// Whether the page offers reloading (someone else changed the dossier first).
        var stale = false
        var status: HTTPResponse.Status

        /// A refused action as a person reads it: the problem's detail, its fields beside their inputs.
        init(_ problem: Problem, view: WebView, language: Language) {
            let document = ProblemDocument(problem, language: language, catalogue: view.messages, requestID: "", instance: nil)
            message = view.notice(for: problem, language)
            stale = problem.status == .preconditionFailed
            status = HTTPResponse.Status(code: problem.status.rawValue)
            for (field, detail) in zip(problem.fieldErrors, document.errors ?? []) {
                details.append((field.pointer, detail.detail))
                let name = field.pointer.split(separator: "/").first.map(String.init) ?? field.pointer
                if fieldErrors[name] == nil { fieldErrors[name] = detail.detail }
            }
        }

        init(message: String) {
            self.message = message
            status = .ok
        }
    }

    func dossierPage(_ request: Request, id: UUID, notice: PageNotice? = nil, session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        let actor = session.actor
        let (dossier, events) = try await services.licensing.history(of: id, by: actor)
        let procedure = try await services.catalogue.procedure(dossier.procedureCode, version: dossier.procedureVersion)
        let calendar = try await services.catalogue.calendar()
        let documents = try await services.licensing.documents(of: id, by: actor)
        let consultations = try await services.licensing.consultations(of: id, by: actor)
        let isStaff = actor.isAny(of: Role.caseHandlers)
        let names = documentNames(procedure, language)

        var values: [String: Any] = [
            "id": id.uuidString.lowercased(), "version": dossier.version,
            "reference": dossier.reference ?? view.messages.text("web.dossier.no_reference", language),
            "procedure": procedure?.name.text(language) ?? dossier.procedureCode,
            "status": view.messages.text("status.\(dossier.status.rawValue)", language),
            "overdue": dossier.overdue,
            "appointmentOn": dossier.appointmentOn.map { view.messages.display($0, language) } as Any,
            "submittedOn": dossier.submittedOn.map { view.messages.display($0, language) } as Any,
            "certificate": dossier.certificateNumber as Any, "nationalCode": dossier.nationalCode as Any,
            "receiptCode": dossier.receiptCode.map(ReceiptCode.display) as Any,
            "formRows": [[String: Any]](), "errors": [[String: Any]](),
        ]
        values["formRows"] = formRows(dossier, procedure: procedure, language: language)
        let mayChangeDocuments = dossier.status.isEditableByInvestor && actor.has(.investor)
        values["documents"] = documents.map { document -> [String: Any] in
            let documentID = document.id.uuidString.lowercased()
            var entry: [String: Any] = [
                "id": documentID, "dossierID": values["id"]!, "type": names[document.documentType] ?? document.documentType,
                "filename": document.filename,
                "size": LocaleFormat.fileSize(Int(document.size), language),
                "href": "/dossiers/\(values["id"]!)/documents/\(documentID)", "changeable": mayChangeDocuments,
            ]
            if let error = notice?.fieldErrors["remove-\(documentID)"] { entry["removeError"] = error }
            return entry
        }
        values["withdrawn"] = try await services.licensing.withdrawnDocuments(of: id, by: actor).map { document -> [String: Any] in
            ["type": names[document.documentType] ?? document.documentType, "filename": document.filename,
             "href": "/dossiers/\(values["id"]!)/documents/\(document.id.uuidString.lowercased())",
             "change": view.messages.text(document.replacedBy == nil ? "web.documents.removed_on" : "web.documents.replaced_on", language,
                                          ["date": view.messages.display(document.withdrawnAt ?? document.uploadedAt, calendar, language)])]
        }
        if let procedure {
            values["checklist"] = documentChecklist(procedure, form: dossier.form, documents: documents, language: language)
        }
        if dossier.status == .draft, actor.has(.investor) {
            values["steps"] = filingSteps(current: 2, dossierID: id, language: language)
        }
        if dossier.status.isEditableByInvestor, actor.has(.investor), let procedure {
            values["editable"] = true
            values["uploadHint"] = view.messages.text("web.dossier.upload_hint", language, ["max": LocaleFormat.fileSize(maximumUploadBytes, language)])
            values["uploadTypes"] = procedure.applicableDocuments(for: dossier.form).map { document -> [String: Any] in
                ["code": document.code, "name": document.name.text(language), "required": document.required,
                 "uploaded": documents.contains { $0.documentType == document.code }]
            }
        }
        if dossier.status == .supplementRequested, let request = events.last(where: { $0.action == DossierAction.requestSupplement.rawValue }) {
            values["supplement"] = supplementBanner(request, dossier: dossier, procedure: procedure, names: names,
                                                    documents: documents, forInvestor: actor.has(.investor), calendar: calendar, language: language)
        }
        if actor.has(.investor), LicensingService.ratedStatuses.contains(dossier.status) {
            if let rating = try await services.licensing.rating(of: id, by: actor) {
                values["rated"] = view.messages.text("web.rating.thanks", language,
                                                     ["score": view.messages.text("web.rating.\(rating.score)", language)])
            } else {
                values["ratingOpen"] = true
                values["rating"] = (1...5).reversed().map { ["score": $0, "label": view.messages.text("web.rating.\($0)", language)] }
                values["ratingError"] = notice?.fieldErrors["score"] as Any
            }
        }
        values["history"] = events.reversed().map { event -> [String: Any] in
            var entry: [String: Any] = [
                "at": view.messages.display(event.at, calendar, language),
                "action": view.messages.text(ifPresent: "action.\(event.action)", language) ?? event.action,
                "status": view.messages.text("status.\(event.toStatus.rawValue)", language),
                "by": view.messages.text(event.byAuthority ? "web.dossier.by_authority" : "web.dossier.by_applicant", language),
            ]
            if let comment = event.details["comment"]?.stringValue { entry["comment"] = comment }
            let missing = SchemaForm.strings(event.details["missingDocuments"])
            if !missing.isEmpty { entry["missing"] = missing.map { names[$0] ?? $0 }.joined(separator: "; ") }
            let reasons = SchemaForm.strings(event.details["reasons"])
            if !reasons.isEmpty { entry["reasons"] = reasons.map { reasonText($0, language) }.joined(separator: "; ") }
            return entry
        }
        values["consultations"] = consultations.map { consultation -> [String: Any] in
            ["department": departmentName(consultation.departmentCode, language),
             "dueOn": view.messages.display(consultation.dueOn, language), "overdue": consultation.overdue,
             "state": view.messages.text("web.consultation.\(consultation.status.rawValue)", language),
             "opinion": consultation.opinion.map { view.messages.text("web.opinion.\($0)", language) } as Any,
             "answer": consultation.answer as Any]
        }
        if isStaff {
            values["staff"] = true
            values["notes"] = try await services.licensing.notes(of: id, by: actor).map { note -> [String: Any] in
                ["at": view.messages.display(note.at, calendar, language), "text": note.text]
            }
        }
        values["printable"] = Self.printableForms(events).map { form -> [String: Any] in
            ["href": "/dossiers/\(values["id"]!)/print/\(form.rawValue)", "name": view.messages.text("web.print.\(form.rawValue)", language)]
        }
        values["actions"] = DossierAction.available(from: dossier.status, to: actor.roles).map { action in
            actionForm(action, procedure: procedure, dossierNationalCode: dossier.nationalCode, language: language, notice: notice)
        }
        if let notice {
            values["notice"] = notice.message
            values["stale"] = notice.stale
            values["errors"] = notice.details.map { detail -> [String: Any] in
                ["label": errorLabel(detail.pointer, procedure: procedure, names: names, language: language) as Any, "message": detail.message]
            }
            if let error = notice.fieldErrors["file"] ?? notice.fieldErrors["type"] ?? notice.fieldErrors["filename"] {
                values["uploadError"] = error
            }
        }
        let title = view.messages.text("web.dossier.title", language, ["reference": values["reference"] as! String])
        return view.page("dossier", title: title, values: values, session: session, request: request, status: notice?.status ?? .ok)
    }

    /// What the authority asked for in its supplement request, at the top of the page: each
    /// document with whether a new file has come since, the officer's words, when it was
    /// asked, and why no due date shows while the clock waits.
    private func supplementBanner(_ request: DossierEvent, dossier: Dossier, procedure: Procedure?, names: [String: String],
                                  documents: [DossierDocument], forInvestor: Bool, calendar: WorkingCalendar, language: Language) -> [String: Any] {
        let asked = SchemaForm.strings(request.details["missingDocuments"]).map { code -> [String: Any] in
            let answered = documents.contains { $0.documentType == code && $0.uploadedAt > request.at }
            return ["name": names[code] ?? code, "answered": answered,
                    "state": view.messages.text(answered ? "web.supplement.answered" : "web.supplement.awaited", language)]
        }
        let clockKey = procedure?.clockRule.onSupplement == .restart ? "web.supplement.clock_restart" : "web.supplement.clock_resume"
        var days: [String: String] = [:]
        if let remaining = dossier.remainingDays { days["days"] = LocaleFormat.decimal(remaining, language) }
        var banner: [String: Any] = [
            "heading": view.messages.text(forInvestor ? "web.supplement.heading_investor" : "web.supplement.heading_staff", language),
            "askedOn": view.messages.display(request.at, calendar, language), "documents": asked,
            "clock": view.messages.text(dossier.remainingDays != nil && clockKey == "web.supplement.clock_resume" ? "web.supplement.clock_resume_days" : clockKey,
                                        language, days),
            "forInvestor": forInvestor,
        ]
        if let comment = request.details["comment"]?.stringValue { banner["note"] = comment }
        return banner
    }

    /// The form behind one action button, with the inputs that action takes.
    private func actionForm(_ action: DossierAction, procedure: Procedure?, dossierNationalCode: String?, language: Language,
                            notice: PageNotice?) -> [String: Any] {
        // Every list is present, empty when the action takes none, so the template's
        // `empty(…)` never looks one up in the enclosing dossier.
        var form: [String: Any] = ["code": action.rawValue, "label": view.messages.text("web.do.\(action.rawValue)", language),
                                   "missingDocuments": [[String: Any]](), "reasons": [[String: Any]](), "departments": [[String: Any]](),
                                   "nationalCode": false]
        let errors = notice?.fieldErrors ?? [:]
        switch action {
        case .requestSupplement:
            form["comment"] = true
            form["missingDocuments"] = (procedure?.documents ?? []).map { ["code": $0.code, "name": $0.name.text(language)] }
        case .refuse:
            form["comment"] = true
            form["reasons"] = services.catalogue.catalogue.refusalReasons.map { ["code": $0.code, "name": $0.text.text(language)] }
            form["reasonsError"] = errors["reasons"] as Any
        case .consult:
            form["comment"] = true
            form["departments"] = (procedure?.consultations ?? []).map { rule -> [String: Any] in
                ["code": rule.department, "name": departmentName(rule.department, language), "purpose": rule.purpose.text(language)]
            }
        case .startCheck, .accept:
            // The provincial system's code is recorded at receipt, once, where the zone uses one.
            if services.catalogue.catalogue.zone.nationalDossierCode != nil && dossierNationalCode == nil {
                form["nationalCode"] = true
                form["nationalCodeError"] = errors["nationalCode"] as Any
            }
            if action == .accept { form["comment"] = true }
        case .approve, .withdraw, .stop:
            form["comment"] = true
        case .submit:
            // Submitting goes through the review page and its declaration.
            form["review"] = true
        default:
            break
        }
        if form["comment"] != nil {
            form["commentError"] = errors["comment"] as Any
            let label = switch action {
            case .withdraw: "web.dossier.withdraw_reason"
            case .stop: "web.dossier.stop_grounds"
            case .consult: "web.dossier.consult_question"
            default: "web.dossier.comment"
            }
            form["commentLabel"] = view.messages.text(label, language)
        }
        if Self.confirmedActions.contains(action) {
            form["confirm"] = view.messages.text("web.confirm.\(action.rawValue)", language)
            form["confirmError"] = errors["confirm-\(action.rawValue)"] as Any
        }
        return form
    }

    /// The actions that end a dossier's course: their forms ask the person to confirm, and
    /// are refused without it.
    static let confirmedActions: Set<DossierAction> = [.withdraw, .refuse, .stop]

    /// POST /dossiers/{id}/actions/{action}: the service's `perform`, with the version the
    /// page was showing as If-Match, so a change made meanwhile is refused and named.
    func dossierAction(_ request: Request, id: UUID, action code: String) async throws -> Response {
        try await posted(request) { session, form in
            guard let action = DossierAction(rawValue: code) else { throw Problem.notFound("dossier") }
            if let refusal = unconfirmed(action, form: form, language: session.language) {
                return action == .submit ? try await reviewPage(request, id: id, notice: refusal, session: session)
                    : try await dossierPage(request, id: id, notice: refusal, session: session)
            }
            let comment = form["comment"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let input = LicensingService.TransitionInput(
                comment: comment?.isEmpty == false ? comment : nil, missingDocuments: form.values("missingDocuments"),
                reasons: form.values("reasons"), departments: action == .consult ? form.values("departments") : nil,
                nationalCode: form["nationalCode"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 })
            do {
                _ = try await services.licensing.perform(action, on: id, input: input, expectedVersion: try Self.version(form), by: session.actor)
            } catch let problem as Problem where problem.status != .notFound && problem.status != .unauthorized {
                return try await dossierPage(request, id: id, notice: PageNotice(problem, view: view, language: session.language),
                                             session: session)
            }
            return WebView.redirect(to: "/dossiers/\(id.uuidString.lowercased())")
        }
    }

    /// The refusal of a final step posted without its confirmation (or of a submission
    /// without the applicant's declaration), the message beside the box.
    func unconfirmed(_ action: DossierAction, form: WebForm, language: Language) -> PageNotice? {
        let field = action == .submit ? "declaration" : "confirm-\(action.rawValue)"
        let box = action == .submit ? "declaration" : "confirm"
        guard action == .submit || Self.confirmedActions.contains(action), form[box] != "yes" else { return nil }
        var notice = PageNotice(message: view.messages.text(action == .submit ? "web.review.declaration_required" : "web.confirm.required", language))
        notice.fieldErrors[field] = notice.message
        notice.status = .unprocessableContent
        return notice
    }

    /// POST /dossiers/{id}/rating: the applicant's rating once the result is delivered.
    func rateDossier(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, form in
            do {
                _ = try await services.licensing.rate(id, score: form["score"].flatMap { Int($0) }, comment: form["comment"], by: session.actor)
            } catch let problem as Problem where problem.status == .unprocessable || problem.status == .conflict {
                return try await dossierPage(request, id: id, notice: PageNotice(problem, view: view, language: session.language), session: session)
            }
            return WebView.redirect(to: "/dossiers/\(id.uuidString.lowercased())#rating-heading")
        }
    }

    /// POST /dossiers/{id}/notes: an officer's internal note.
    func dossierNote(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, form in
            do {
                _ = try await services.licensing.addNote(to: id, text: form["text"] ?? "", by: session.actor)
            } catch let problem as Problem where problem.status == .unprocessable {
                var notice = PageNotice(problem, view: view, language: session.language)
                notice.fieldErrors["note"] = notice.fieldErrors["text"]
                return try await dossierPage(request, id: id, notice: notice, session: session)
            }
            return WebView.redirect(to: "/dossiers/\(id.uuidString.lowercased())")
        }
    }

    /// The hidden `version` field: the dossier's version when the page was drawn.
    static func version(_ form: WebForm) throws -> Int {
        guard let text = form["version"], let version = Int(text), version > 0 else {
            throw Problem(.preconditionRequired, "if_match_required")
        }
        return version
    }

    /// Which input a pointer names, in words: a form field's title or a document's name.
    private func errorLabel(_ pointer: String, procedure: Procedure?, names: [String: String], language: Language) -> String? {
        let parts = pointer.split(separator: "/").map(String.init)
        guard parts.count >= 2 else { return nil }
        switch parts[0] {
        case "form": return procedure?.form["properties"]?[parts[1]].flatMap { SchemaForm.title(of: $0, language) } ?? parts[1]
        case "documents": return names[parts[1]] ?? parts[1]
        default: return nil
        }
    }

    /// The form's filled-in fields in the schema's order, each with its title and its value
    /// as a person reads it.
    func formRows(_ dossier: Dossier, procedure: Procedure?, language: Language) -> [[String: Any]] {
        guard let procedure else { return [] }
        let schema = SchemaForm(procedure.form)
        return schema.propertyNames.compactMap { name -> [String: Any]? in
            guard let value = dossier.form[name], value != .null, let property = schema.schema["properties"]?[name] else { return nil }
            return ["label": SchemaForm.title(of: property, language) ?? name,
                    "value": SchemaForm.display(value, of: property, language) { view.messages.display($0, language) }]
        }
    }

    func documentNames(_ procedure: Procedure?, _ language: Language) -> [String: String] {
        Dictionary((procedure?.documents ?? []).map { ($0.code, $0.name.text(language)) }, uniquingKeysWith: { first, _ in first })
    }

    func departmentName(_ code: String, _ language: Language) -> String {
        services.catalogue.catalogue.department(code)?.name.text(language) ?? code
    }

    func reasonText(_ code: String, _ language: Language) -> String {
        services.catalogue.catalogue.reason(code)?.text.text(language) ?? code
    }
}
