import Crypto
import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird
import Licensing
import Localization
import NIOCore

/// Filing a dossier in the browser: the procedure's form generated from its JSON Schema,
/// saved as a draft and resumed, documents uploaded and downloaded, and the certificate.
/// The licensing service validates; its errors come back beside the inputs.
extension WebConsole {
    /// GET /dossiers/new?procedure=… and GET /dossiers/{id}/form.
    func filingForm(_ request: Request, procedureCode: String?, dossierID: UUID?, posted: JSONValue? = nil, problem: Problem? = nil,
                    session given: WebSession? = nil) async throws -> Response {
        let session = if let given { given } else { await session(request) }
        let language = session.language
        var dossier: Dossier?
        if let dossierID { dossier = try await services.licensing.dossier(dossierID, by: session.actor) }
        let code = dossier?.procedureCode ?? procedureCode ?? ""
        guard let procedure = try await services.catalogue.procedure(code, version: dossier?.procedureVersion) else {
            throw Problem.notFound("procedure")
        }
        let schema = SchemaForm(procedure.form, activities: services.catalogue.catalogue.activities)
        let errors = problem.map { SchemaForm.errors($0, messages: view.messages, language: language) } ?? [:]
        var values: [String: Any] = [
            "procedureCode": procedure.code, "procedure": procedure.name.text(language),
            "fields": schema.fields(values: posted ?? dossier?.form ?? .object([:]), errors: errors, language: language, messages: view.messages),
            "action": dossier.map { "/dossiers/\($0.id.uuidString.lowercased())/form" } ?? "/dossiers/new",
        ]
        if dossier == nil || dossier?.status == .draft {
            values["steps"] = filingSteps(current: 1, dossierID: dossier?.id, language: language)
        }
        if let dossier {
            values["version"] = dossier.version
            values["back"] = "/dossiers/\(dossier.id.uuidString.lowercased())"
        }
        if let problem {
            values["notice"] = view.notice(for: problem, language)
        }
        let status = WebView.status(problem)
        return view.page("filing", title: view.messages.text("web.filing.title", language, ["procedure": procedure.name.text(language)]),
                         values: values, session: session, request: request, status: status)
    }

    /// POST /dossiers/new: a draft of the procedure with what was filled in.
    func createDossier(_ request: Request) async throws -> Response {
        try await posted(request) { session, form in
            let code = form["procedureCode"] ?? ""
            guard let procedure = try await services.catalogue.procedure(code) else { throw Problem.notFound("procedure") }
            let posted = SchemaForm(procedure.form, activities: services.catalogue.catalogue.activities).read(form)
            do {
                let dossier = try await services.licensing.create(procedureCode: code, form: posted, by: session.actor)
                return WebView.redirect(to: "/dossiers/\(dossier.id.uuidString.lowercased())")
            } catch let problem as Problem where problem.status == .unprocessable || problem.status == .forbidden {
                return try await filingForm(request, procedureCode: code, dossierID: nil, posted: posted, problem: problem, session: session)
            }
        }
    }

    /// POST /dossiers/{id}/form: the draft (or the supplement) saved, if nobody changed it meanwhile.
    func saveDossierForm(_ request: Request, id: UUID) async throws -> Response {
        try await posted(request) { session, form in
            let dossier = try await services.licensing.dossier(id, by: session.actor)
            guard let procedure = try await services.catalogue.procedure(dossier.procedureCode, version: dossier.procedureVersion) else {
                throw Problem.notFound("procedure")
            }
            let posted = SchemaForm(procedure.form, activities: services.catalogue.catalogue.activities).read(form)
            do {
                _ = try await services.licensing.updateForm(id, form: posted, expectedVersion: try Self.version(form), by: session.actor)
                return WebView.redirect(to: "/dossiers/\(id.uuidString.lowercased())")
            } catch let problem as Problem where problem.status != .notFound && problem.status != .unauthorized {
                return try await filingForm(request, procedureCode: nil, dossierID: id, posted: posted, problem: problem, session: session)
            }
        }
    }

    /// POST /dossiers/{id}/documents: a `multipart/form-data` upload with the document type;
    /// POST /dossiers/{id}/documents/{document}/replace: the same, in that document's place.
    func uploadDocument(_ request: Request, id: UUID, replacing: UUID? = nil) async throws -> Response {
        let session = await session(request)
        // Read only now that the sender is known, and only past its first part, the CSRF token.
        let upload: MultipartForm
        do {
            upload = try await MultipartForm.read(request, maximumBytes: maximumUploadBytes + MultipartForm.framing,
                                                  firstField: "csrf", accepts: { session.accepts(csrfField: $0) })
        } catch .firstFieldRefused {
            return try await refusedForm(request, session: session)
        } catch .tooLarge {
            return try await uploadTooLarge(request, id: id, session: session)
        } catch .notMultipart {
            throw Problem(.unsupportedMediaType, "unsupported_media_type")
        } catch {
            throw Problem(.badRequest, "malformed_multipart")
        }
        do {
            guard let file = upload.files.first(where: { $0.field == "file" }) else { throw Problem.invalid("file", "required") }
            _ = try await services.licensing.addDocument(to: id, type: upload["type"] ?? "", filename: file.filename,
                                                         declaredSize: Int64(file.bytes.count), replacing: replacing,
                                                         readBytes: { file.bytes }, by: session.actor)
        } catch let problem as Problem where problem.status != .notFound && problem.status != .unauthorized {
            var notice = PageNotice(problem, view: view, language: session.language)
            // The service names the body itself with an empty pointer: here that is the file input.
            if let bodyError = notice.fieldErrors[""] { notice.fieldErrors["file"] = bodyError }
            if notice.fieldErrors.isEmpty { notice.fieldErrors["file"] = notice.message }
            return try await dossierPage(request, id: id, notice: notice, session: session)
        }
        return WebView.redirect(to: "/dossiers/\(id.uuidString.lowercased())")
    }

    /// POST /dossiers/{id}/documents/{document}/remove: the document stops counting, once the
    /// person has confirmed; it stays in the dossier's history.
    func removeDocument(_ request: Request, id: UUID, document: UUID) async throws -> Response {
        try await posted(request) { session, form in
            guard form["confirm"] == "yes" else {
                var notice = PageNotice(message: view.messages.text("web.confirm.required", session.language))
                notice.fieldErrors["remove-\(document.uuidString.lowercased())"] = notice.message
                notice.status = .unprocessableContent
                return try await dossierPage(request, id: id, notice: notice, session: session)
            }
            do {
                try await services.licensing.removeDocument(document, of: id, by: session.actor)
            } catch let problem as Problem where problem.status == .conflict {
                return try await dossierPage(request, id: id, notice: PageNotice(problem, view: view, language: session.language), session: session)
            }
            return WebView.redirect(to: "/dossiers/\(id.uuidString.lowercased())#documents-heading")
        }
    }

    /// A file over the limit, told on the same page beside the file input (whether the
    /// browser announced its size or the stream passed the limit), so the person picks a
    /// smaller one.
    func uploadTooLarge(_ request: Request, id: UUID, session: WebSession) async throws -> Response {
        let problem = Problem(.payloadTooLarge, "payload_too_large", arguments: ["max": String(maximumUploadBytes)])
        var notice = PageNotice(problem, view: view, language: session.language)
        notice.message = view.messages.text("web.dossier.file_too_large", session.language,
                                            ["max": LocaleFormat.fileSize(maximumUploadBytes, session.language)])
        notice.fieldErrors["file"] = notice.message
        return try await dossierPage(request, id: id, notice: notice, session: session)
    }

    /// GET /dossiers/{id}/documents/{document}: shown in the browser where it can (PDF,
    /// images), downloaded otherwise.
    func downloadDocument(_ request: Request, id: UUID, document documentID: UUID) async throws -> Response {
        let session = await session(request)
        let (document, bytes) = try await services.licensing.documentContent(documentID, of: id, by: session.actor)
        var headers = HTTPFields()
        headers[.contentType] = document.mediaType
        let inline = ["application/pdf", "image/png", "image/jpeg"].contains(document.mediaType)
        headers[.contentDisposition] = ContentDisposition.value(inline ? "inline" : "attachment", filename: document.filename)
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "private, no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; img-src 'self'; plugin-types application/pdf; sandbox"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// GET /certificates/{number}: the bilingual certificate, for its holder and the Authority.
    func certificate(_ request: Request, number: String) async throws -> Response {
        let session = await session(request)
        let html = try await services.licensing.certificateDocument(number, by: session.actor)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "private, no-store"
        // The certificate is a document of its own, not a console page: its print styles
        // travel with it in one <style> element, allowed by its hash, and it runs no script.
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src \(Self.styleHashes(of: html)); frame-ancestors 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// GET /certificates/{number}/pdf: the certificate as the Authority's signed PDF, to send
    /// to a bank or a court; its QR code leads to the public verification page.
    func certificatePDF(_ request: Request, number: String) async throws -> Response {
        let session = await session(request)
        let pdf = try await services.licensing.certificatePDF(number, by: session.actor)
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = ContentDisposition.value("attachment", filename: "\(number).pdf")
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    /// CSP hash sources for the `<style>` elements of a document the server wrote itself.
    static func styleHashes(of html: String) -> String {
        var sources: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<style>"), let close = rest.range(of: "</style>", range: open.upperBound..<rest.endIndex) {
            let digest = SHA256.hash(data: Data(rest[open.upperBound..<close.lowerBound].utf8))
            sources.append("'sha256-\(Data(digest).base64EncodedString())'")
            rest = rest[close.upperBound...]
        }
        return sources.isEmpty ? "'none'" : sources.joined(separator: " ")
    }
}
