import Foundation
import FTZCore
import HTTPSupport
import Hummingbird
import Ledger
import Localization

/// The audit ledger's latest signed checkpoint, in public, with the keys that sign it and
/// how anyone can check the service against it from outside.
extension WebConsole {
    func ledgerPage(_ request: Request) async throws -> Response {
        let session = await session(request)
        let language = session.language
        let checkpoint = try await services.ledgerService.checkpoint()
        let calendar = try await services.catalogue.calendar()
        let keys = try await services.checkpoints.publishedKeys().filter { $0.status == "active" }.map(\.verifierKey)
        let root = checkpoint.root.map { String(format: "%02x", $0) }.joined()
        return view.page("ledger", title: view.messages.text("web.ledger.title", language), values: [
            "size": LocaleFormat.decimal(Int(checkpoint.size), language), "root": root,
            "signedAt": view.messages.display(checkpoint.createdAt, calendar, language), "note": checkpoint.note,
            "origin": services.checkpoints.origin, "keys": keys,
            "command": "ftz ledger verify --url \(publicBase) --trusted-key \(keys.first ?? "KEY") --state checkpoint.state",
        ], session: session, request: request)
    }
}
