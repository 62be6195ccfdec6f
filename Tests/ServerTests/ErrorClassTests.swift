import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

/// Every class of bad input answers a precise problem document, on both databases.
@Suite("Problem responses for bad input")
struct ErrorClassTests {
    @Test(arguments: TestDatabase.kinds)
    func malformedAndMistypedBodies(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let syntax = try await app.request(.post, "/v1/auth/login", body: #"{"username": "a""#,
                                               headers: ["Content-Type": "application/json"])
            #expect(syntax.status == .badRequest && syntax.isProblem)
            #expect(syntax.json["type"] as? String == "/problems/malformed-json")

            let wrongType = try await app.request(.post, "/v1/auth/login", json: ["username": 42, "password": "x"])
            #expect(wrongType.status == .unprocessableContent && wrongType.problemPointers == ["/username"])

            let missing = try await app.request(.post, "/v1/auth/login", json: ["username": "someone"])
            #expect(missing.status == .unprocessableContent && missing.problemPointers == ["/password"])

            let unknownEnum = try await app.request(.post, "/v1/organisations", token: app.adminToken,
                                                    json: ["kind": "pirate_ship", "name": "X", "country": "VN"])
            #expect(unknownEnum.status == .unprocessableContent && unknownEnum.problemPointers == ["/kind"])

            let domain = try await app.request(.post, "/v1/organisations", token: app.adminToken,
                                               json: ["kind": "investor_enterprise", "name": "", "country": "ZZ", "taxCode": "123"])
            #expect(domain.status == .unprocessableContent)
            #expect(Set(domain.problemPointers) == ["/name", "/country", "/taxCode"])
        }
    }

    /// A NUL cannot be stored in PostgreSQL text; a stray `%00` in a filter is the caller's
    /// mistake, said as such for every parameter it is in, and never reaches the database.
    @Test(arguments: TestDatabase.kinds)
    func controlCharactersInParametersAreRefusedByName(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let list = try await app.request(.get, "/v1/dossiers?procedure=IRC%00NEW&q=ab%0Acd&limit=5", token: app.officerToken)
            #expect(list.status == .badRequest && list.isProblem)
            #expect(Set(list.problemPointers) == ["query:procedure", "query:q"])
            let clean = try await app.request(.get, "/v1/dossiers?procedure=IRC-NEW&q=abcd&limit=5", token: app.officerToken)
            #expect(clean.status == .ok)
            let alerts = try await app.request(.get, "/v1/alerts?container=MSCU%001234567", token: app.officerToken)
            #expect(alerts.status == .badRequest && alerts.problemPointers == ["query:container"])
            // DEL, and a C1 control (NEL, U+0085, UTF-8 C2 85) in any case of hex digits.
            let deleted = try await app.request(.get, "/v1/dossiers?q=ab%7fcd", token: app.officerToken)
            #expect(deleted.status == .badRequest && deleted.problemPointers == ["query:q"])
            let nextLine = try await app.request(.get, "/v1/dossiers?q=ab%c2%85cd", token: app.officerToken)
            #expect(nextLine.status == .badRequest && nextLine.problemPointers == ["query:q"])
            let accented = try await app.request(.get, "/v1/dossiers?q=%C3%A1%C2%A9", token: app.officerToken)
            #expect(accented.status == .ok, "á and © are text, not controls")
            let page = try await app.request(.get, "/dossiers?q=%00&lang=en", headers: ["Cookie": "ftz_session=\(app.officerToken)"])
            #expect(page.status == .badRequest)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("<li>Must not contain control characters"), "the reason, in words")
            #expect(!page.text.contains("query:"), "no parameter codes for a person")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func authenticationFailures(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let anonymous = try await app.request(.get, "/v1/me")
            #expect(anonymous.status == .unauthorized && anonymous.isProblem)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer realm=\"ftz\"")

            let garbage = try await app.request(.get, "/v1/me", token: "ftz_not-a-real-token")
            #expect(garbage.status == .unauthorized && garbage.json["type"] as? String == "/problems/token-invalid")
            #expect(garbage.headers[.wwwAuthenticate]?.contains("invalid_token") == true)

            let basic = try await app.request(.get, "/v1/me", headers: ["Authorization": "Basic Zm9vOmJhcg=="])
            #expect(basic.status == .unauthorized && basic.problemPointers == ["header:Authorization"])

            _ = try await app.request(.post, "/v1/auth/logout", token: app.investorToken)
            let revoked = try await app.request(.get, "/v1/me", token: app.investorToken)
            #expect(revoked.status == .unauthorized && revoked.json["type"] as? String == "/problems/token-revoked")

            let badPassword = try await app.request(.post, "/v1/auth/login", json: ["username": "admin", "password": "wrong password"])
            let noAccount = try await app.request(.post, "/v1/auth/login", json: ["username": "nobody", "password": "wrong password"])
            #expect(badPassword.status == .unauthorized && noAccount.status == .unauthorized)
            #expect(badPassword.json["detail"] as? String == noAccount.json["detail"] as? String)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func lockedAccountAnswers429WithRetryAfter(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            for _ in 0..<5 {
                _ = try await app.request(.post, "/v1/auth/login", json: ["username": "investor", "password": "wrong password"])
            }
            let locked = try await app.request(.post, "/v1/auth/login", json: ["username": "investor", "password": ServerFixture.password])
            #expect(locked.status == .tooManyRequests && locked.isProblem)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func authorisationAndVisibility(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let forbidden = try await app.request(.post, "/v1/organisations", token: app.investorToken,
                                                  json: ["kind": "department", "name": "X", "country": "VN"])
            #expect(forbidden.status == .forbidden && forbidden.isProblem)

            let other = try await app.request(.get, "/v1/organisations/\(app.otherInvestorOrganisation.id.uuidString)",
                                              token: app.investorToken)
            #expect(other.status == .notFound && other.isProblem)
            let own = try await app.request(.get, "/v1/organisations/\(app.investorOrganisation.id.uuidString)", token: app.investorToken)
            #expect(own.status == .ok && own.json["taxCode"] as? String == "0201234569")
            let asAdmin = try await app.request(.get, "/v1/organisations/\(app.otherInvestorOrganisation.id.uuidString)",
                                                token: app.adminToken)
            #expect(asAdmin.status == .ok)

            let nonsenseID = try await app.request(.get, "/v1/users/not-a-uuid", token: app.adminToken)
            #expect(nonsenseID.status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func unknownRoutesAndWrongMethods(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let unknown = try await app.request(.get, "/v1/nothing-here")
            #expect(unknown.status == .notFound && unknown.isProblem)
            let wrongMethod = try await app.request(.delete, "/v1/organisations", token: app.adminToken)
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers[.allow] == "GET, POST")
            #expect(wrongMethod.json["allowed"] as? [String] == ["GET", "POST"])
            // A literal segment names its own route: DELETE /v1/invitations/accept is a wrong
            // method there, not an anonymous DELETE of an invitation with id "accept".
            let literal = try await app.request(.delete, "/v1/invitations/accept")
            #expect(literal.status == .methodNotAllowed && literal.headers[.allow] == "POST", "\(literal.status) \(literal.text)")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func conflictsAndPreconditions(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let body: [String: Any] = ["organisationId": app.investorOrganisation.id.uuidString, "username": "kim",
                                       "displayName": "Kim", "password": ServerFixture.password, "roles": ["investor"]]
            let created = try await app.request(.post, "/v1/users", token: app.adminToken, json: body)
            #expect(created.status == .created)
            let etag = try #require(created.headers[.eTag])
            let location = try #require(created.headers[.location])

            let duplicate = try await app.request(.post, "/v1/users", token: app.adminToken, json: body)
            #expect(duplicate.status == .conflict && duplicate.problemPointers == ["/username"])

            let noIfMatch = try await app.request(.patch, location, token: app.adminToken, json: ["displayName": "Kim Min-jun"])
            #expect(noIfMatch.status == .preconditionRequired && noIfMatch.isProblem, "\(noIfMatch.status) \(noIfMatch.text)")

            let updated = try await app.request(.patch, location, token: app.adminToken, json: ["displayName": "Kim Min-jun"],
                                                headers: ["If-Match": etag])
            #expect(updated.status == .ok && updated.headers[.eTag] != etag)

            let stale = try await app.request(.patch, location, token: app.adminToken, json: ["displayName": "Late"],
                                              headers: ["If-Match": etag])
            #expect(stale.status == .preconditionFailed && stale.isProblem)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func oversizeBodiesAndWrongContentTypes(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.http.maximumBodyBytes = 1024 }) { app in
            let huge = String(repeating: "x", count: 4096)
            let tooLarge = try await app.request(.post, "/v1/auth/login", json: ["username": huge, "password": "x"])
            #expect(tooLarge.status == .contentTooLarge && tooLarge.isProblem)

            let wrongType = try await app.request(.post, "/v1/auth/login", body: "username=a&password=b",
                                                  headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(wrongType.status == .unsupportedMediaType && wrongType.problemPointers == ["header:Content-Type"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func badQueryParameters(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let limit = try await app.request(.get, "/v1/users?limit=100000", token: app.adminToken)
            #expect(limit.status == .badRequest && limit.problemPointers == ["query:limit"])
            let cursor = try await app.request(.get, "/v1/users?cursor=%%%", token: app.adminToken)
            #expect(cursor.status == .badRequest)
            let kindFilter = try await app.request(.get, "/v1/organisations?kind=volcano", token: app.adminToken)
            #expect(kindFilter.status == .badRequest || kindFilter.status == .unprocessableContent)
            #expect(kindFilter.isProblem)
        }
    }
}
