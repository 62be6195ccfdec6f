import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Licensing
import Localization

/// "My documents": everything an enterprise has uploaded, across all its dossiers, newest
/// first, each linked to its dossier and opened through the same document route (and the
/// same permission check) as on the dossier page.
extension WebConsole {
    func documentsPage(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let page = try PageRequest(limit: 50, cursor: WebQuery(request)["after"].map(String.init))
        let result = try await services.licensing.enterpriseDocuments(page: page, by: session.actor)
        let procedures = try await services.catalogue.procedures()
        let procedureNames = Dictionary(procedures.map { ($0.code, $0.name.text(language)) }, uniquingKeysWith: { first, _ in first })
        // A document code means the same in every version of a procedure; the newest name wins.
        let documentNames = Dictionary(procedures.flatMap { procedure in procedure.documents.map { ("\(procedure.code)/\($0.code)", $0.name.text(language)) } },
                                       uniquingKeysWith: { _, newest in newest })
        let calendar = try await services.catalogue.calendar()
        var values: [String: Any] = [
            "documents": result.items.map { row -> [String: Any] in
                let dossier = row.document.dossierID.uuidString.lowercased()
                // The links come last: a string ending in a path followed by another key reads, to
                // the translation audit, like a field error.
                return ["filename": row.document.filename,
                        "type": documentNames["\(row.procedureCode)/\(row.document.documentType)"] ?? row.document.documentType,
                        "dossier": row.dossierReference ?? view.messages.text("web.dossier.no_reference", language),
                        "procedure": procedureNames[row.procedureCode] ?? row.procedureCode,
                        "size": LocaleFormat.decimal(Int((row.document.size + 1023) / 1024), language) + " KB",
                        "at": view.messages.display(row.document.uploadedAt, calendar, language),
                        "href": "/dossiers/\(dossier)/documents/\(row.document.id.uuidString.lowercased())",
                        "dossierHref": "/dossiers/\(dossier)"]
            },
        ]
        if let next = result.nextCursor { values["next"] = "/documents?after=\(next)" }
        return view.page("documents", title: view.messages.text("web.documents.title", language), values: values, session: session, request: request)
    }
}
