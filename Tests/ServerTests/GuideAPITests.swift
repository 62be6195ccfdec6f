import Foundation
import HTTPTypes
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("The public procedure guide")
struct GuideAPITests {
    @Test(arguments: TestDatabase.kinds)
    func guidePagesAreCacheableAndSpeakTheCallersLanguage(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let first = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "vi"])
            let etag = try #require(first.headers[.eTag])
            #expect(first.status == .ok && first.headers[.cacheControl]?.hasPrefix("public, max-age=") == true)
            let fees = try #require(first.json["fees"] as? [[String: Any]])
            #expect(fees.allSatisfy { ($0["amountDisplay"] as? String)?.isEmpty == false })
            let steps = try #require(first.json["steps"] as? [[String: Any]])
            #expect(steps.first?["actorName"] as? String == "Nhà đầu tư")

            let again = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "vi"])
            #expect(again.headers[.eTag] == etag && again.text == first.text)
            let unchanged = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "vi", "If-None-Match": etag])
            #expect(unchanged.status == .notModified && unchanged.body.readableBytes == 0)
            #expect(unchanged.headers[.contentLanguage] == "vi" && unchanged.headers[.eTag] == etag)

            let korean = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "ko", "If-None-Match": etag])
            #expect(korean.status == .ok && korean.headers[.eTag] != etag, "another language is another page")

            // A new version of the procedure is a new page at once.
            let definition = try await app.request(.get, "/v1/procedures/WORK-PERMIT-CONFIRMATION")
            let before = try #require(definition.headers[.eTag])
            let published = try await app.request(.post, "/v1/procedures/WORK-PERMIT-CONFIRMATION/versions", token: app.adminToken,
                                                  body: try Self.definition(app), headers: ["Content-Type": "application/json"])
            #expect(published.status == .created, "\(published.text)")
            let after = try await app.request(.get, "/v1/procedures/WORK-PERMIT-CONFIRMATION", headers: ["If-None-Match": before])
            #expect(after.status == .ok && after.json["version"] as? Int == 2)
        }
    }

    /// The bundled work-permit procedure as its next version.
    static func definition(_ app: ServerFixture) throws -> String {
        var procedure = try #require(app.services.catalogue.catalogue.procedures.first { $0.code == "WORK-PERMIT-CONFIRMATION" })
        procedure.version = 2
        return String(decoding: try JSONEncoder().encode(procedure), as: UTF8.self)
    }
}
