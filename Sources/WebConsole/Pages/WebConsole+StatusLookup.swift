import Foundation
import FTZCore
import Hummingbird
import Licensing
import Localization

/// GET /status: where a dossier stands, for anyone holding its receipt (the reference and
/// the receipt's code), without signing in. What is wrong with either is said beside it;
/// an unknown reference and a wrong code read alike.
extension WebConsole {
    func statusLookup(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let query = WebQuery(request)
        let reference = query["reference"].map(String.init) ?? ""
        let code = query["code"].map(String.init) ?? ""
        var values: [String: Any] = ["reference": reference, "code": code]
        var status = HTTPResponse.Status.ok
        if !reference.isEmpty || !code.isEmpty {
            do {
                let found = try await services.licensing.publicStatus(reference: reference, code: code)
                let procedure = try await services.catalogue.procedure(found.procedureCode, version: found.procedureVersion)
                var result: [String: Any] = [
                    "reference": found.reference,
                    "procedure": procedure?.name.text(language) ?? found.procedureCode,
                    "status": view.messages.text("status.\(found.status.rawValue)", language),
                    "next": view.messages.text(ifPresent: "next.\(found.status.rawValue)", language) as Any,
                    "overdue": found.overdue,
                ]
                if let day = found.submittedOn { result["submittedOn"] = view.messages.display(day, language) }
                if let day = found.appointmentOn { result["appointmentOn"] = view.messages.display(day, language) }
                if let day = found.decidedOn { result["decidedOn"] = view.messages.display(day, language) }
                values["result"] = result
            } catch let problem as Problem where problem.status == .notFound {
                values["notFound"] = view.messages.text("web.status_lookup.not_found", language)
                status = .notFound
            } catch let problem as Problem where problem.status == .unprocessable {
                let notice = PageNotice(problem, view: view, language: language)
                values["referenceError"] = notice.fieldErrors["reference"] as Any
                values["codeError"] = notice.fieldErrors["code"] as Any
                status = .unprocessableContent
            }
        }
        return view.page("status", title: view.messages.text("web.status_lookup.title", language), values: values, session: session,
                         request: request, status: status)
    }
}
