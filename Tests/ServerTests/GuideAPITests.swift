import FTZCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Localization
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
            #expect(after.status == .ok && after.json["version"] as? Int == Self.latestWorkPermitVersion(app) + 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func everyProcedureNamesItsNationalCodeOrSaysItIsToBeConfirmed(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let list = try await app.request(.get, "/v1/procedures")
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.count == 17 && items.allSatisfy { $0["nationalCode"] as? String == "to be confirmed" }, "\(list.text)")
            #expect(try await app.request(.get, "/v1/procedures/IRC-NEW").json["nationalCode"] as? String == "to be confirmed")

            let malformed = try await app.request(.post, "/v1/procedures/WORK-PERMIT-CONFIRMATION/versions", token: app.adminToken,
                                                  body: try Self.definition(app, nationalCode: "TTHC-17"), headers: ["Content-Type": "application/json"])
            #expect(malformed.status == .unprocessableContent && malformed.problemPointers == ["/nationalCode"], "\(malformed.text)")
            let confirmed = try await app.request(.post, "/v1/procedures/WORK-PERMIT-CONFIRMATION/versions", token: app.adminToken,
                                                  body: try Self.definition(app, nationalCode: "1.000105"), headers: ["Content-Type": "application/json"])
            #expect(confirmed.status == .created && confirmed.json["nationalCode"] as? String == "1.000105", "\(confirmed.text)")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theGuideShowsTheVersionInForceAndAnnouncesTheNext(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let today = try await app.services.catalogue.today()
            let path = "/v1/procedures/WORK-PERMIT-CONFIRMATION/versions"
            let backdated = try await app.request(.post, path, token: app.adminToken,
                                                  body: try Self.definition(app, effectiveFrom: today.adding(days: -1)),
                                                  headers: ["Content-Type": "application/json"])
            #expect(backdated.status == .unprocessableContent && backdated.problemPointers == ["/effectiveFrom"], "\(backdated.text)")
            let ahead = try await app.request(.post, path, token: app.adminToken,
                                              body: try Self.definition(app, effectiveFrom: today.adding(days: 7)),
                                              headers: ["Content-Type": "application/json"])
            #expect(ahead.status == .created && ahead.json["effectiveFrom"] as? String == today.adding(days: 7).description, "\(ahead.text)")

            let page = try await app.request(.get, "/v1/procedures/WORK-PERMIT-CONFIRMATION", headers: ["Accept-Language": "en"])
            let inForce = Self.latestWorkPermitVersion(app), announcedVersion = inForce + 1
            #expect(page.json["version"] as? Int == inForce, "the version in force: \(page.text)")
            let next = try #require(page.json["nextVersion"] as? [String: Any], "\(page.text)")
            #expect(next["version"] as? Int == announcedVersion && next["effectiveFrom"] as? String == today.adding(days: 7).description)
            #expect(next["changes"] as? String == "Decree 219/2025/NĐ-CP applies")
            let list = try await app.request(.get, "/v1/procedures")
            #expect((list.json["items"] as? [[String: Any]])?.first { $0["code"] as? String == "WORK-PERMIT-CONFIRMATION" }?["version"] as? Int
                    == inForce)
            let announced = try await app.request(.get, "/v1/procedures/WORK-PERMIT-CONFIRMATION?version=\(announcedVersion)")
            #expect(announced.json["version"] as? Int == announcedVersion && announced.json["nextVersion"] == nil)
        }
    }

    /// The bundled work-permit procedure's newest version as the next one, in force from its publication.
    static func definition(_ app: ServerFixture, nationalCode: String? = nil, effectiveFrom: LocalDate? = nil) throws -> String {
        var procedure = try #require(app.services.catalogue.catalogue.procedures.filter { $0.code == "WORK-PERMIT-CONFIRMATION" }
            .max { $0.version < $1.version })
        procedure.version += 1
        procedure.effectiveFrom = effectiveFrom
        procedure.changes = nil
        procedure.unconfirmed = nil
        if let nationalCode { procedure.nationalCode = nationalCode }
        if effectiveFrom != nil {
            procedure.changes = LocalizedText(["en": "Decree 219/2025/NĐ-CP applies", "vi": "Áp dụng Nghị định 219/2025/NĐ-CP"])
        }
        return String(decoding: try JSONEncoder().encode(procedure), as: UTF8.self)
    }

    static func latestWorkPermitVersion(_ app: ServerFixture) -> Int {
        app.services.catalogue.catalogue.procedures.filter { $0.code == "WORK-PERMIT-CONFIRMATION" }.map(\.version).max() ?? 0
    }
}

@Suite("The eligibility questionnaire")
struct EligibilityAPITests {
    @Test(arguments: TestDatabase.kinds)
    func answersDecideProceduresDocumentsAndNotes(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let questions = try await app.request(.get, "/v1/guide/questions", headers: ["Accept-Language": "ja"])
            #expect(questions.status == .ok && questions.headers[.eTag] != nil)
            let items = try #require(questions.json["questions"] as? [[String: Any]])
            #expect((items.first { $0["code"] as? String == "land" }?["text"] as? String)?.contains("転貸") == true)

            // A Korean company subleasing in the zone, building a factory, two experts, big capital.
            let answers = """
            {"answers": {"nationality": "KR", "investorType": "corporate", "activity": "2611", "siteInZone": true, "land": "sublease",
             "buildsPremises": true, "foreignExperts": 2, "capital": {"amount": "6000000000000", "currency": "VND"}}}
            """
            let checklist = try await app.request(.post, "/v1/guide/evaluate", body: answers,
                                                  headers: ["Content-Type": "application/json", "Accept-Language": "ko"])
            #expect(checklist.status == .ok, "\(checklist.text)")
            let procedures = try #require(checklist.json["procedures"] as? [[String: Any]])
            #expect(procedures.map { $0["code"] as? String } == ["FTZ-ENTERPRISE-REG", "CONSTRUCTION-PERMIT", "WORK-PERMIT-CONFIRMATION"])
            #expect((procedures.first?["because"] as? String)?.contains("투자등록증명서") == true)
            let online = try #require(procedures.first?["onlineFilingTotal"] as? [String: Any])
            #expect((online["amount"] as? [String: Any])?["amount"] as? String == "100000", "online filers pay only the publication fee")
            // The threshold note; what the Authority could not confirm is its administrators'
            // working note, never the public's (issue 27).
            let notes = try #require(checklist.json["notes"] as? [String])
            #expect(notes.count == 3 && notes.contains { $0.contains("5조") } && notes.contains { $0.contains("특별 투자 절차") } && !notes.contains { $0.hasPrefix("확인 필요") }, "\(notes)")
            // Since 1 March 2026 every foreign investor may register the company first (F1.3).
            #expect(notes.contains { $0.contains("2026년 3월 1일부터 모든 외국인 투자자") && $0.contains("제19조") }, "\(notes)")

            // Works of a project whose feasibility study a construction agency appraised need
            // no permit from 1 January 2026 (Law 135/2025, Art. 43(2); F4.2).
            let appraised = answers.replacingOccurrences(of: "\"buildsPremises\": true", with: "\"buildsPremises\": true, \"permitExemption\": \"appraised\"")
            let exempt = try await app.request(.post, "/v1/guide/evaluate", body: appraised,
                                               headers: ["Content-Type": "application/json", "Accept-Language": "en"])
            let exemptCodes = (exempt.json["procedures"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(exemptCodes == ["FTZ-ENTERPRISE-REG", "CONSTRUCTION-COMMENCEMENT-NOTICE", "WORK-PERMIT-CONFIRMATION"],
                    "exempt works still notify their commencement: \(exempt.text)")

            // Experts all exempt take the confirmation of exemption (Form No. 02) instead of
            // work permits; an export-processing enterprise has its status confirmed.
            let exemptExperts = answers.replacingOccurrences(of: "\"foreignExperts\": 2", with: "\"foreignExperts\": 2, \"expertsExempt\": true, \"exportProcessing\": true")
            let confirmed = try await app.request(.post, "/v1/guide/evaluate", body: exemptExperts, headers: ["Content-Type": "application/json"])
            let confirmedCodes = (confirmed.json["procedures"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(confirmedCodes == ["FTZ-ENTERPRISE-REG", "CONSTRUCTION-PERMIT", "WORK-PERMIT-EXEMPTION", "EPE-STATUS-CONFIRMATION"], "\(confirmed.text)")
            #expect((exempt.json["notes"] as? [String])?.contains { $0.contains("exempt from a construction permit from 1 January 2026") } == true)
            #expect(checklist.json["fallbackLanguages"] as? [String] == [])

            // The activity is a class of VSIC 2025 (F7.1): 2610 was VSIC 2018's and is split now.
            let retired = try await app.request(.post, "/v1/guide/evaluate", body: answers.replacingOccurrences(of: "2611", with: "2610"),
                                                headers: ["Content-Type": "application/json", "Accept-Language": "en"])
            #expect(retired.status == .unprocessableContent && retired.problemPointers == ["/answers/activity"]
                && retired.text.contains("VSIC2025"), "\(retired.text)")

            // Land from the State needs the investment policy approved first.
            let stateLand = answers.replacingOccurrences(of: "\"land\": \"sublease\"", with: "\"land\": \"state\"")
            let approval = try await app.request(.post, "/v1/guide/evaluate", body: stateLand, headers: ["Content-Type": "application/json"])
            let approvalCodes = (approval.json["procedures"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(approvalCodes?.first == "INVESTMENT-POLICY-APPROVAL" && approvalCodes?.contains("FTZ-ENTERPRISE-REG") == false
                    && approvalCodes?.contains("IRC-NEW") == false, "\(approval.text)")

            // A site outside the zone, on no land of the State, takes the investment certificate.
            let outside = answers.replacingOccurrences(of: "\"siteInZone\": true", with: "\"siteInZone\": false")
            let landed = try await app.request(.post, "/v1/guide/evaluate", body: outside, headers: ["Content-Type": "application/json"])
            let codes = (landed.json["procedures"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes?.first == "IRC-NEW" && codes?.contains("FTZ-ENTERPRISE-REG") == false)
            let documents = try #require((landed.json["procedures"] as? [[String: Any]])?.first?["documents"] as? [[String: Any]])
            #expect(!documents.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func wrongAnswersAreNamed(kind: DatabaseKind) async throws {
        try await ServerFixture.with(kind) { app in
            let body = #"{"answers": {"nationality": "XX", "activity": "26", "favouriteColour": "blue", "capital": 5, "siteInZone": "yes"}}"#
            let response = try await app.request(.post, "/v1/guide/evaluate", body: body,
                                                 headers: ["Content-Type": "application/json", "Accept-Language": "vi"])
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let errors = try #require(response.json["errors"] as? [[String: Any]])
            let byPointer = Dictionary(errors.map { ($0["pointer"] as? String ?? "", $0["reason"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
            #expect(byPointer == ["/answers/nationality": "country_code", "/answers/activity": "vsic_format",
                                  "/answers/favouriteColour": "question_unknown", "/answers/capital": "money_object",
                                  "/answers/siteInZone": "wrong_type"])
            #expect(errors.allSatisfy { ($0["detail"] as? String)?.isEmpty == false })
        }
    }
}
