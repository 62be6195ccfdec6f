import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Licensing over HTTP")
struct LicensingAPITests {
    static let pdf = Data("%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)
    static var form: [String: Any] { [
        "projectName": "Nhà xưởng số 3", "plotCode": "CN-07", "grossFloorArea": 5400.5, "floors": 2, "height": 14.5,
        "fireSafetyAppraisalRequired": false, "ownerTaxCode": "0201234569", "ownerName": "Công ty Sao Biển", "workType": "new-construction",
    ] }
    static let documents = ["permit-application", "land-use-documents", "design-drawings", "environmental-permit", "structural-safety-report"]

    /// Creates a construction-permit draft with its documents; returns its location and ETag.
    static func draft(_ app: ServerFixture) async throws -> (String, String) {
        let created = try await app.request(.post, "/v1/dossiers", token: app.investorToken,
                                            json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": form])
        try #require(created.status == .created, "\(created.text)")
        let location = try #require(created.headers[.location])
        for type in documents {
            let upload = try await app.request(.post, "\(location)/documents?type=\(type)&filename=\(type).pdf", token: app.investorToken,
                                               bytes: pdf)
            try #require(upload.status == .created, "\(upload.text)")
        }
        let current = try await app.request(.get, location, token: app.investorToken)
        return (location, try #require(current.headers[.eTag]))
    }

    static func act(_ app: ServerFixture, _ location: String, _ etag: String, _ action: String, token: String,
                    extra: [String: Any] = [:]) async throws -> TestResponse {
        try await app.request(.post, "\(location)/transitions", token: token, json: ["action": action].merging(extra) { $1 },
                              headers: ["If-Match": etag])
    }

    @Test(arguments: TestDatabase.kinds)
    func aPermitFromApplicationToVerifiedCertificate(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            var (location, etag) = try await Self.draft(app)
            var response = try await Self.act(app, location, etag, "submit", token: app.investorToken)
            #expect(response.status == .ok, "\(response.text)")
            #expect((response.json["reference"] as? String)?.hasPrefix("HPFTZ-HS-CP-") == true)
            #expect(response.headers[.init("Ledger-Receipt")!] != nil)
            // The construction permit in force counts from acceptance (Law 135/2025/QH15 version): no date before it.
            #expect(response.json["appointmentOn"] == nil && response.json["clockStartedOn"] == nil, "\(response.text)")
            for (action, token) in [("start_check", app.officerToken), ("accept", app.officerToken), ("consult", app.officerToken)] {
                etag = try #require(response.headers[.eTag])
                response = try await Self.act(app, location, etag, action, token: token)
                #expect(response.status == .ok, "\(action): \(response.text)")
                if action == "accept" { #expect(response.json["appointmentOn"] is String && response.json["clockStartedOn"] is String) }
            }
            #expect(response.json["status"] as? String == "in_consultation")
            for code in ["DOC", "POLICE"] {
                let queue = try await app.request(.get, "/v1/consultations?pending=true", token: app.departmentTokens[code])
                let id = try #require((queue.json["items"] as? [[String: Any]])?.first?["id"] as? String)
                let answered = try await app.request(.post, "/v1/consultations/\(id)/answer", token: app.departmentTokens[code],
                                                     json: ["opinion": "agree", "text": "Đồng ý"])
                #expect(answered.status == .ok, "\(answered.text)")
            }
            response = try await app.request(.get, location, token: app.approverToken)
            #expect(response.json["status"] as? String == "under_review")
            etag = try #require(response.headers[.eTag])
            response = try await Self.act(app, location, etag, "approve", token: app.approverToken)
            etag = try #require(response.headers[.eTag])
            response = try await Self.act(app, location, etag, "issue_certificate", token: app.approverToken)
            let number = try #require(response.json["certificateNumber"] as? String)

            let verify = try await app.request(.get, "/v1/certificates/\(number)/verify")
            #expect(verify.status == .ok && verify.json["status"] as? String == "valid" && verify.json["signatureValid"] as? Bool == true)
            #expect(!verify.text.contains("0201234569"), "no holder details in the public answer")
            // The public page: typed in lower case with spaces, the document by name, the holder enterprise, no tax code.
            let spaced = number.lowercased().map(String.init).joined(separator: " ").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let page = try await app.request(.get, "/verify?number=\(spaced)&lang=en")
            #expect(page.status == .ok, "\(page.text.prefix(300))")
            #expect(page.text.contains("<dt>Holder</dt><dd>Công ty Sao Biển</dd>"))
            #expect(page.text.contains("<dt>Type</dt><dd>") && !page.text.contains("<dd>CP</dd>"), "the document by name, not its code")
            #expect(!page.text.contains("0201234569") && !page.text.contains("inputmode=\"numeric\""))
            let certificate = try await app.request(.get, "/v1/certificates/\(number)", token: app.investorToken)
            #expect(certificate.status == .ok && (certificate.json["canonical"] as? String)?.contains("0201234569") == true)
            let html = try await app.request(.get, "/v1/certificates/\(number)/document", token: app.investorToken)
            #expect(html.status == .ok && html.headers[.contentType]?.hasPrefix("text/html") == true && html.text.contains(number))
            #expect(try await app.request(.get, "/v1/certificates/\(number)", token: app.otherInvestorToken).status == .notFound)

            let history = try await app.request(.get, "\(location)/history", token: app.investorToken, headers: ["Accept-Language": "en"])
            let events = history.json["events"] as? [[String: Any]] ?? []
            #expect(events.first?["actionName"] as? String == "Draft created")
            #expect(events.last?["statusName"] as? String == "Certificate issued")
            let consulted = history.json["consultations"] as? [[String: Any]] ?? []
            #expect(Set(consulted.compactMap { $0["department"] as? String }) == ["DOC", "POLICE"], "\(history.text)")
            #expect(consulted.allSatisfy { $0["answered"] as? Bool == true && $0["answer"] == nil && $0["opinion"] == nil })
            #expect(consulted.allSatisfy { ($0["departmentName"] as? String)?.contains("Department") == true || ($0["departmentName"] as? String)?.contains("Police") == true },
                    "department names in English: \(consulted)")
            let notesAsInvestor = try await app.request(.get, "\(location)/notes", token: app.investorToken)
            #expect(notesAsInvestor.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func wrongActionsAndConcurrentDecisions(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let (location, etag) = try await Self.draft(app)
            let early = try await Self.act(app, location, etag, "approve", token: app.approverToken)
            #expect(early.status == .conflict && early.json["allowed"] as? [String] == ["submit", "withdraw"])
            let noIfMatch = try await app.request(.post, "\(location)/transitions", token: app.investorToken, json: ["action": "submit"])
            #expect(noIfMatch.status == .preconditionRequired)
            let unknown = try await Self.act(app, location, etag, "teleport", token: app.investorToken)
            #expect(unknown.status == .unprocessableContent && unknown.problemPointers == ["/action"])

            var response = try await Self.act(app, location, etag, "submit", token: app.investorToken)
            for action in ["start_check", "accept"] {
                response = try await Self.act(app, location, try #require(response.headers[.eTag]), action, token: app.officerToken)
            }
            let stale = try #require(response.headers[.eTag])
            async let approve = Self.act(app, location, stale, "approve", token: app.approverToken)
            async let refuse = Self.act(app, location, stale, "refuse", token: app.approverToken, extra: ["reasons": ["planning-inconsistent"]])
            let statuses = try await [approve.status, refuse.status].map(\.code).sorted()
            #expect(statuses == [200, 412])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func documentsAreCheckedAndGuarded(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind, configure: { $0.http.maximumDocumentBytes = 64 * 1024 }) { app in
            let created = try await app.request(.post, "/v1/dossiers", token: app.investorToken,
                                                json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": Self.form])
            let location = try #require(created.headers[.location])
            let exe = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=x.pdf", token: app.investorToken,
                                            bytes: Data("MZ\u{90}\u{0}this is not a pdf".utf8))
            #expect(exe.status == .unsupportedMediaType && exe.isProblem)
            let huge = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=big.pdf", token: app.investorToken,
                                             bytes: Self.pdf + Data(count: 100 * 1024))
            #expect(huge.status == .contentTooLarge && huge.isProblem)
            let wrongType = try await app.request(.post, "\(location)/documents?type=selfie&filename=a.pdf", token: app.investorToken,
                                                  bytes: Self.pdf)
            #expect(wrongType.status == .badRequest && wrongType.problemPointers == ["query:type"])
            let missingName = try await app.request(.post, "\(location)/documents?type=design-drawings", token: app.investorToken,
                                                    bytes: Self.pdf)
            #expect(missingName.status == .badRequest && missingName.problemPointers == ["query:filename"])
            let stored = try await app.request(.post, "\(location)/documents?type=design-drawings&filename=d.pdf", token: app.investorToken,
                                               bytes: Self.pdf)
            let documentID = try #require(stored.json["id"] as? String)
            let content = try await app.request(.get, "\(location)/documents/\(documentID)/content", token: app.investorToken)
            #expect(content.status == .ok && content.headers[.contentType] == "application/pdf" && Data(buffer: content.body) == Self.pdf)
            #expect(try await app.request(.get, "\(location)/documents/\(documentID)/content", token: app.otherInvestorToken).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func proceduresArePublicAndSpeakTheCallersLanguage(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let list = try await app.request(.get, "/v1/procedures", headers: ["Accept-Language": "ko"])
            #expect(list.status == .ok && (list.json["items"] as? [Any])?.count == 17 && list.headers[.contentLanguage] == "ko", "every procedure of the catalogue")
            let irc = try await app.request(.get, "/v1/procedures/IRC-NEW?lang=ja")
            #expect(irc.status == .ok && irc.json["language"] as? String == "ja" && irc.json["fallbackLanguages"] as? [String] == [])
            #expect((irc.json["timeLimit"] as? [String: Any])?["counted"] as? String == "calendar")
            #expect(((irc.json["form"] as? [String: Any])?["properties"] as? [String: Any])?["investorType"] != nil)
            #expect(try await app.request(.get, "/v1/procedures/NO-SUCH").status == .notFound)

            let bad = try await app.request(.post, "/v1/dossiers", token: app.investorToken,
                                            json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": ["floors": "two", "colour": "red"]])
            #expect(bad.status == .unprocessableContent && Set(bad.problemPointers) == ["/form/floors", "/form/colour"])
            let unknown = try await app.request(.post, "/v1/dossiers", token: app.investorToken, json: ["procedureCode": "X", "form": [:]])
            #expect(unknown.status == .unprocessableContent && unknown.problemPointers == ["/procedureCode"])
            let staff = try await app.request(.post, "/v1/dossiers", token: app.officerToken,
                                              json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": [:]])
            #expect(staff.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func calendarsAreReadPubliclyAndChangedWithIfMatch(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let year = try await app.request(.get, "/v1/calendar/2026")
            #expect(year.status == .ok && (year.json["holidays"] as? [Any])?.isEmpty == false)
            let etag = try #require(year.headers[.eTag])
            let body: [String: Any] = ["holidays": [["date": "2026-09-02", "name": "Quốc khánh"]], "makeUpWorkingDays": []]
            let noIfMatch = try await app.request(.put, "/v1/calendar/2026", token: app.adminToken, json: body)
            #expect(noIfMatch.status == .preconditionRequired)
            let saved = try await app.request(.put, "/v1/calendar/2026", token: app.adminToken, json: body, headers: ["If-Match": etag])
            #expect(saved.status == .ok && saved.json["version"] as? Int == 2)
            let stale = try await app.request(.put, "/v1/calendar/2026", token: app.adminToken, json: body, headers: ["If-Match": etag])
            #expect(stale.status == .preconditionFailed)
            let wrongYear = try await app.request(.put, "/v1/calendar/2026", token: app.adminToken,
                                                  json: ["holidays": [["date": "2025-01-01", "name": "x"]], "makeUpWorkingDays": ["2026-02-31"]],
                                                  headers: ["If-Match": "\"2\""])
            #expect(wrongYear.status == .unprocessableContent)
            #expect(try await app.request(.put, "/v1/calendar/2026", token: app.officerToken, json: body, headers: ["If-Match": "\"2\""]).status
                    == .forbidden)
        }
    }

    /// A changed holiday announced ahead: saved today to take effect tomorrow, the page
    /// still shows today's days off with the replacement beside them, and the past is refused.
    @Test(arguments: TestDatabase.kinds)
    func aCalendarReplacementSavedAheadWaitsForItsDate(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let today = try await app.services.catalogue.today()
            let path = "/v1/calendar/\(today.year)"
            let before = try await app.request(.get, path)
            let etag = try #require(before.headers[.eTag])
            let tomorrow = today.adding(days: 1)
            var holidays = (before.json["holidays"] as? [[String: Any]]) ?? []
            holidays.append(["date": "\(today.year)-12-31", "name": "Ngày nghỉ bù"])
            let body: [String: Any] = ["holidays": holidays, "makeUpWorkingDays": before.json["makeUpWorkingDays"] ?? [],
                                       "effectiveFrom": tomorrow.description]
            for (date, reason) in [(today.adding(days: -1).description, "effective_in_past"), ("tomorrow", "date_format")] {
                var wrong = body
                wrong["effectiveFrom"] = date
                let refused = try await app.request(.put, path, token: app.adminToken, json: wrong, headers: ["If-Match": etag])
                #expect(refused.status == .unprocessableContent && refused.text.contains("/effectiveFrom"), "\(reason): \(refused.text)")
            }
            let saved = try await app.request(.put, path, token: app.adminToken, json: body, headers: ["If-Match": etag])
            #expect(saved.status == .ok && saved.json["effectiveFrom"] as? String == tomorrow.description, "\(saved.text)")

            let after = try await app.request(.get, path)
            #expect(after.json["version"] as? Int == before.json["version"] as? Int, "today's version stays in force")
            #expect((after.json["holidays"] as? [Any])?.count == holidays.count - 1)
            let replacement = try #require(after.json["replacement"] as? [String: Any], "\(after.text)")
            #expect(replacement["effectiveFrom"] as? String == tomorrow.description && (replacement["holidays"] as? [Any])?.count == holidays.count)
            #expect(after.headers[.eTag] == saved.headers[.eTag], "If-Match names the newest version, the replacement")
            let stale = try await app.request(.put, path, token: app.adminToken, json: body, headers: ["If-Match": etag])
            #expect(stale.status == .preconditionFailed)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aForecastYearIsProvisionalAndTheGuideWarnsOfDatesCountedOverIt(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            #expect(try await app.request(.get, "/v1/calendar/2027").json["provisional"] as? Bool == true, "2027 is a forecast")
            #expect(try await app.request(.get, "/v1/calendar/2026").json["provisional"] as? Bool == false)

            // Mark the year of today's appointment provisional, then announced again.
            let page = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "en"])
            let appointment = try #require(page.json["appointmentIfFiledToday"] as? String, "\(page.text)")
            let year = try #require(Int(appointment.prefix(4)))
            func mark(_ provisional: Bool) async throws {
                let current = try await app.request(.get, "/v1/calendar/\(year)")
                var headers: [String: String] = [:]
                if let etag = current.headers[.eTag] { headers["If-Match"] = etag }
                let saved = try await app.request(.put, "/v1/calendar/\(year)", token: app.adminToken, json: [
                    "holidays": current.json["holidays"] ?? [], "makeUpWorkingDays": current.json["makeUpWorkingDays"] ?? [],
                    "provisional": provisional,
                ], headers: headers)
                #expect(saved.status == .ok && saved.json["provisional"] as? Bool == provisional, "\(saved.text)")
            }
            try await mark(true)
            let warned = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "en"])
            let warning = try #require(warned.json["appointmentWarning"] as? String, "\(warned.text)")
            #expect(warning.contains("forecast") && !warning.contains("{date}"), "\(warning)")
            let vietnamese = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "vi"])
            #expect((vietnamese.json["appointmentWarning"] as? String)?.contains("dự kiến") == true)
            try await mark(false)
            let today = try await app.services.catalogue.calendar().localDate(of: Date())
            let announced = try await app.request(.get, "/v1/procedures/IRC-NEW", headers: ["Accept-Language": "en"])
            if today.year == year {
                #expect(announced.json["appointmentWarning"] == nil, "\(announced.text)")
            }
        }
    }
}
