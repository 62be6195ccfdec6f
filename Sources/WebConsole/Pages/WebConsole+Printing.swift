import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Licensing
import Localization
import NIOCore

/// The one-stop mechanism's printed forms, as print-ready A4 pages: Vietnamese first, the
/// investor's language beneath each line when it is another. They are drawn from the
/// dossier's own record (its history, documents and reasons), never typed again.
extension WebConsole {
    /// The forms and the history entry each needs, if any.
    enum PrintedForm: String, CaseIterable {
        /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
        case receipt
        /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
        case supplement
        /// Phiếu từ chối tiếp nhận, giải quyết hồ sơ.
        case refusal
        /// Phiếu xin lỗi và hẹn lại ngày trả kết quả.
        case apology
        /// Thông báo dừng giải quyết hồ sơ.
        case stop
        /// Phiếu kiểm soát quá trình giải quyết hồ sơ.
        case control

        /// Who signs it: the applicant and the receiving officer sign the receipt; the
        /// Authority's head signs an apology; the control slip is signed step by step.
        var signatories: [String] {
            switch self {
            case .receipt: ["applicant", "receiver"]
            case .supplement, .refusal: ["receiver"]
            case .apology, .stop: ["head"]
            case .control: []
            }
        }

        /// The history entry the form reports; the control slip reports them all.
        var event: String? {
            switch self {
            case .receipt: "submit"
            case .supplement: "request_supplement"
            case .refusal: "refuse"
            case .apology: "apology"
            case .stop: "stop"
            case .control: nil
            }
        }
    }

    /// The forms a dossier's history allows (a refusal notice only for a refused dossier).
    static func printableForms(_ events: [DossierEvent]) -> [PrintedForm] {
        PrintedForm.allCases.filter { form in form.event.map { event in events.contains { $0.action == event } } ?? !events.isEmpty }
    }

    /// GET /dossiers/{id}/print/{form}: staff print it for the applicant; the applicant may too.
    func printedForm(_ request: Request, id: UUID, form code: String) async throws -> Response {
        let session = await session(request)
        guard let form = PrintedForm(rawValue: code) else { throw Problem.notFound("dossier") }
        let (dossier, events) = try await services.licensing.history(of: id, by: session.actor)
        guard Self.printableForms(events).contains(form) else { throw Problem.notFound("dossier") }
        let event = form.event.flatMap { name in events.last { $0.action == name } }
        let procedure = try await services.catalogue.procedure(dossier.procedureCode, version: dossier.procedureVersion)
        let calendar = try await services.catalogue.calendar()
        let organisation = try? await services.organisations.organisation(dossier.organisationID, by: session.actor)
        // The investor's own language beside Vietnamese; else the language of the page.
        let preferred = organisation.flatMap { Language(rawValue: $0.preferredLanguage) } ?? session.language
        let second: Language? = preferred == .vi ? nil : preferred
        let zone = services.catalogue.catalogue.zone

        /// A line in Vietnamese, with the investor's language beneath when it differs.
        func both(_ key: String, _ arguments: [String: String] = [:]) -> [String: Any] {
            var line: [String: Any] = ["vi": view.messages.text(key, .vi, arguments)]
            if let second { line["other"] = view.messages.text(key, second, arguments); line["lang"] = second.rawValue }
            return line
        }
        func localized(_ text: LocalizedText?) -> [String: Any] {
            var line: [String: Any] = ["vi": text?.text(.vi) ?? ""]
            if let second, let text { line["other"] = text.text(second); line["lang"] = second.rawValue }
            return line
        }
        func date(_ day: LocalDate?) -> String { day.map { view.messages.display($0, .vi) } ?? "—" }

        var rows: [[String: Any]] = [
            ["label": both("web.print.reference"), "value": dossier.reference ?? "—"],
        ] + (dossier.nationalCode.map { [["label": both("web.print.national_code"), "value": $0]] } ?? []) + [
            ["label": both("web.print.procedure"), "value": procedure?.name.text(.vi) ?? dossier.procedureCode],
            ["label": both("web.print.applicant"), "value": organisation.map { [$0.name, $0.nameLatin].compactMap { $0 }.joined(separator: " / ") } ?? "—"],
            ["label": both("web.print.received"), "value": date(dossier.submittedOn)],
        ]
        var lists: [[String: Any]] = []
        let names = documentNames(procedure, .vi)
        switch form {
        case .receipt:
            // The date given at receipt, even if a supplement request has paused the clock since.
            let promised = event?.details["appointmentOn"]?.stringValue.flatMap(LocalDate.init) ?? dossier.appointmentOn
            rows.append(["label": both("web.print.appointment"), "value": date(promised)])
            if let code = dossier.receiptCode {
                // With the reference, the code shows the dossier's status at /status, signed in or not.
                rows.append(["label": both("web.print.receipt_code"), "value": "\(ReceiptCode.display(code)) — \(publicBase)/status"])
            }
            let documents = try await services.licensing.documents(of: id, by: session.actor)
            lists.append(["heading": both("web.print.documents_received"),
                          "items": documents.map { "\(names[$0.documentType] ?? $0.documentType): \($0.filename)" }])
        case .supplement:
            let missing = SchemaForm.strings(event?.details["missingDocuments"])
            lists.append(["heading": both("web.print.documents_missing"), "items": missing.map { names[$0] ?? $0 }])
            if let comment = event?.details["comment"]?.stringValue { rows.append(["label": both("web.print.comment"), "value": comment]) }
        case .refusal:
            lists.append(["heading": both("web.print.reasons"),
                          "items": dossier.refusalReasons.map { services.catalogue.catalogue.reason($0)?.text.text(.vi) ?? $0 }])
            if let comment = event?.details["comment"]?.stringValue { rows.append(["label": both("web.print.comment"), "value": comment]) }
        case .apology:
            rows.append(["label": both("web.print.previous_appointment"),
                         "value": date(event?.details["previousAppointmentOn"]?.stringValue.flatMap(LocalDate.init))])
            rows.append(["label": both("web.print.new_appointment"),
                         "value": date(event?.details["appointmentOn"]?.stringValue.flatMap(LocalDate.init))])
            if let comment = event?.details["comment"]?.stringValue { rows.append(["label": both("web.print.apology_text"), "value": comment]) }
        case .stop:
            rows.append(["label": both("web.print.stopped_on"), "value": date(event.map { calendar.localDate(of: $0.at) })])
            if let comment = event?.details["comment"]?.stringValue { rows.append(["label": both("web.print.stop_grounds"), "value": comment]) }
        case .control:
            rows.append(["label": both("web.print.appointment"), "value": date(dossier.appointmentOn)])
        }
        let steps = form == .control ? events.map { step -> [String: Any] in
            ["at": view.messages.display(step.at, calendar, .vi),
             "action": view.messages.text(ifPresent: "action.\(step.action)", .vi) ?? step.action,
             "status": view.messages.text("status.\(step.toStatus.rawValue)", .vi),
             "by": view.messages.text(step.byAuthority ? "web.dossier.by_authority" : "web.dossier.by_applicant", .vi)]
        } : []
        // The form's number and title as the zone's catalogue gives them ("Mẫu số 05").
        let numbered = services.catalogue.catalogue.oneStopForm(form.rawValue)
        let values: [String: Any] = [
            "title": numbered.map { localized($0.title) } ?? both("web.print.\(form.rawValue)"),
            "formNumber": numbered.map { both("web.print.form_number", ["number": $0.number]) } as Any, "authority": localized(zone.authority), "rows": rows, "lists": lists,
            "steps": steps, "hasSteps": !steps.isEmpty, "place": zone.place as Any, "issuedOn": view.messages.display(try await services.catalogue.today(), .vi),
            "printLabel": view.messages.text("web.print.print", session.language),
            "signatures": form.signatories.map { key -> [String: Any] in
                var line = both("web.print.sign_\(key)")
                line["hint"] = view.messages.text("web.print.sign_hint", .vi)
                return line
            },
            "stepHeadings": ["at", "action", "status", "by"].map { both("web.print.step_\($0)") },
        ]
        return view.document("print", values: values, language: .vi)
    }
}
