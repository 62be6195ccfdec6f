import FTZCore
import Foundation
import Licensing
import SQLKit
import Storage
import Testing
import TestSupport

@Suite("Dossiers from draft to certificate")
struct DossierFlowTests {
    @Test(arguments: TestDatabase.kinds)
    func theWholeWayWithASupplementAndConsultations(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var dossier = try await f.completeDraft()
            #expect(dossier.status == .draft && dossier.reference == nil)

            dossier = try await f.act(.submit, dossier, by: f.investor)
            #expect(dossier.reference == "HPFTZ-HS-CP-2026-000001")
            #expect(dossier.submittedOn == LocalDate("2026-03-02"))
            // 20 calendar days after Monday 2 March is Sunday 22 March: the next working day.
            #expect(dossier.appointmentOn == LocalDate("2026-03-23"))

            dossier = try await f.act(.startCheck, dossier, by: f.officer)
            dossier = try await f.act(.requestSupplement, dossier, by: f.officer,
                                      input: .init(comment: "Bản vẽ thiếu mặt cắt", missingDocuments: ["design-drawings"]))
            #expect(dossier.status == .supplementRequested && dossier.appointmentOn == nil && dossier.remainingDays == 21)

            f.clock.advance(by: 7 * 86_400)  // a week later, Monday 9 March
            _ = try await f.service.addDocument(to: dossier.id, type: "design-drawings", filename: "v2.pdf", bytes: LicensingFixture.pdf,
                                                by: f.investor)
            dossier = try await f.act(.resubmit, dossier, by: f.investor)
            #expect(dossier.status == .checking)
            #expect(dossier.appointmentOn == LocalDate("2026-03-30"), "21 calendar days from 9 March")
            #expect(dossier.pausedDays == 5)

            dossier = try await f.act(.accept, dossier, by: f.officer)
            dossier = try await f.act(.consult, dossier, by: f.officer)
            #expect(dossier.status == .inConsultation)
            let consultations = try await f.service.consultations(of: dossier.id, by: f.officer)
            #expect(consultations.map(\.departmentCode) == ["DOC", "POLICE"])

            // A department sees only its own consultations and answers them.
            let docQueue = try await f.service.consultationQueue(pendingOnly: true, page: PageRequest(), by: f.construction)
            #expect(docQueue.items.map(\.departmentCode) == ["DOC"])
            _ = try await f.service.answer(consultation: docQueue.items[0].id, opinion: "agree", text: "Phù hợp quy hoạch", by: f.construction)
            await #expect(throws: Problem.notFound("consultation")) {
                try await f.service.answer(consultation: consultations[1].id, opinion: "agree", text: "x", by: f.construction)
            }
            _ = try await f.service.answer(consultation: consultations[1].id, opinion: "agree_with_conditions", text: "Bổ sung bình chữa cháy",
                                           by: f.police)
            dossier = try await f.service.dossier(dossier.id, by: f.officer)
            #expect(dossier.status == .underReview, "the last answer returns the dossier to review")

            f.clock.advance(by: 2 * 86_400)
            dossier = try await f.act(.approve, dossier, by: f.approver)
            // 2–11 March holds 7 working days after submission; 5 of them (3–9 March) were paused.
            #expect(dossier.onTime == true && dossier.processingDays == 2)
            dossier = try await f.act(.issueCertificate, dossier, by: f.approver)
            let number = try #require(dossier.certificateNumber)
            #expect(number == "HPFTZ-CP-2026-000001")

            let verification = try await f.service.verify(number)
            #expect(verification.status == .valid && verification.signatureValid)
            let certificate = try await f.service.certificate(number, by: f.investor)
            #expect(certificate.contentValue["holder"]?["taxCode"]?.stringValue == "0201234569")
            await #expect(throws: Problem.notFound("certificate")) { try await f.service.certificate(number, by: f.otherInvestor) }
            let html = try await f.service.certificateDocument(number, by: f.investor)
            #expect(html.contains("Giấy phép xây dựng") || html.contains("GIẤY PHÉP"))
            #expect(html.contains("Construction") && html.contains(number))

            let (_, events) = try await f.service.history(of: dossier.id, by: f.investor)
            #expect(events.map(\.action) == ["created", "submit", "start_check", "request_supplement", "resubmit", "accept", "consult",
                                             "consultations_completed", "approve", "issue_certificate"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func illegalTransitionsNameWhatIsAllowed(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let dossier = try await f.completeDraft()
            do {
                try await f.act(.approve, dossier, by: f.approver)
                Issue.record("approving a draft must fail")
            } catch let problem as Problem {
                #expect(problem.status == .conflict && problem.code == "transition_not_allowed")
                #expect(problem.allowed == ["submit", "withdraw"])
            }
            await #expect(throws: Problem(.forbidden, "forbidden_role", arguments: ["roles": "eza_approver"])) {
                try await f.act(.approve, dossier, by: f.officer)
            }
            await #expect(throws: Problem.notFound("dossier")) { try await f.act(.submit, dossier, by: f.otherInvestor) }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func submissionNeedsAValidFormAndEveryRequiredDocument(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var form = LicensingFixture.constructionForm
            if case .object(var members) = form { members["fireSafetyAppraisalRequired"] = true; members["plotCode"] = nil; form = .object(members) }
            let draft = try await f.service.create(procedureCode: "CONSTRUCTION-PERMIT", form: form, by: f.investor)
            do {
                try await f.act(.submit, draft, by: f.investor)
                Issue.record("an incomplete dossier must not be received")
            } catch let problem as Problem {
                #expect(problem.status == .unprocessable && problem.code == "dossier_incomplete")
                let pointers = Set(problem.fieldErrors.map(\.pointer))
                #expect(pointers.contains("/form/plotCode") && pointers.contains("/documents/fire-safety-approval")
                        && pointers.contains("/documents/permit-application"))
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func twoApproversAtOnceExactlyOneWins(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var dossier = try await f.completeDraft()
            for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer), (.accept, f.officer)] {
                dossier = try await f.act(action, dossier, by: actor)
            }
            let stale = dossier
            let outcomes = await withTaskGroup(of: String.self) { group in
                for action in [DossierAction.approve, .refuse] {
                    group.addTask {
                        do {
                            try await f.act(action, stale, by: f.approver, input: .init(reasons: ["planning-inconsistent"]))
                            return "ok"
                        } catch let problem as Problem {
                            return problem.code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.sorted() == ["ok", "precondition_failed"], "\(outcomes)")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func refusalsNeedCatalogueReasonsAndFeedStatistics(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var dossier = try await f.completeDraft()
            dossier = try await f.act(.submit, dossier, by: f.investor)
            await #expect(throws: Problem.invalid("/reasons/0", "refusal_reason_unknown", arguments: ["value": "bad-vibes"])) {
                try await f.act(.refuse, dossier, by: f.approver, input: .init(reasons: ["bad-vibes"]))
            }
            f.clock.advance(by: 86_400)
            dossier = try await f.act(.refuse, dossier, by: f.approver, input: .init(comment: "Không phù hợp quy hoạch",
                                                                                     reasons: ["planning-inconsistent"]))
            #expect(dossier.status == .refused && dossier.refusalReasons == ["planning-inconsistent"])

            let withdrawn = try await f.act(.withdraw, try await f.completeDraft(), by: f.investor)
            #expect(withdrawn.status == .withdrawn)

            let statistics = try await f.service.statistics(procedure: "CONSTRUCTION-PERMIT", by: f.officer)
            let permit = try #require(statistics.first)
            #expect(permit.countsByStatus == ["refused": 1, "withdrawn": 1])
            #expect(permit.decided == 1 && permit.medianDays == 1 && permit.onTimeRate == 1)
            #expect(permit.topRefusalReasons.map(\.code) == ["planning-inconsistent"])
        }
    }

    /// The Authority may stop handling a dossier (Decree 118/2025 as amended by Decree
    /// 367/2025; the notice is one-stop form 05): only an approver, only with its grounds,
    /// the clock stops, the investor can no longer act on it, and the history keeps the grounds.
    @Test(arguments: TestDatabase.kinds)
    func theAuthorityStopsHandlingADossierWithItsGrounds(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var dossier = try await f.completeDraft()
            dossier = try await f.act(.submit, dossier, by: f.investor)
            dossier = try await f.act(.startCheck, dossier, by: f.officer)
            await #expect(throws: Problem.invalid("/comment", "stop_grounds_required")) {
                try await f.act(.stop, dossier, by: f.approver, input: .init(comment: "   "))
            }
            await #expect(throws: Problem.self) { try await f.act(.stop, dossier, by: f.officer, input: .init(comment: "Căn cứ")) }
            f.clock.advance(by: 2 * 86_400)
            let grounds = "Nhà đầu tư đề nghị dừng giải quyết để điều chỉnh phương án thiết kế"
            dossier = try await f.act(.stop, dossier, by: f.approver, input: .init(comment: grounds))
            #expect(dossier.status == .stopped && dossier.status.isFinal && !dossier.status.isActive)
            #expect(dossier.decidedOn != nil, "the clock stops with the notice")
            #expect(DossierAction.available(from: .stopped, to: [.investor, .ezaOfficer, .ezaApprover]).isEmpty)
            await #expect(throws: Problem.self) { try await f.act(.withdraw, dossier, by: f.investor) }
            let (_, events) = try await f.service.history(of: dossier.id, by: f.investor)
            let stop = try #require(events.last)
            #expect(stop.action == "stop" && stop.toStatus == .stopped && stop.details["comment"]?.stringValue == grounds)
            let statistics = try await f.service.statistics(procedure: "CONSTRUCTION-PERMIT", by: f.officer)
            #expect(statistics.first?.countsByStatus["stopped"] == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func documentsAreCheckedByContentAndShownOnlyToThoseConcerned(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let dossier = try await f.service.create(procedureCode: "CONSTRUCTION-PERMIT", form: LicensingFixture.constructionForm, by: f.investor)
            await #expect(throws: Problem(.unsupportedMediaType, "document_type_not_accepted", fieldErrors: [.init("", "document_content")])) {
                try await f.service.addDocument(to: dossier.id, type: "design-drawings", filename: "x.pdf",
                                                bytes: Data("MZ-not-a-pdf".utf8), by: f.investor)
            }
            let document = try await f.service.addDocument(to: dossier.id, type: "design-drawings", filename: "drawings.pdf",
                                                           bytes: LicensingFixture.pdf, by: f.investor)
            #expect(document.mediaType == "application/pdf" && document.sha256.count == 64)
            let (_, bytes) = try await f.service.documentContent(document.id, of: dossier.id, by: f.investor)
            #expect(bytes == LicensingFixture.pdf)
            await #expect(throws: Problem.notFound("dossier")) {
                try await f.service.documentContent(document.id, of: dossier.id, by: f.otherInvestor)
            }
            // An officer not assigned to the dossier sees it in the queue but not the files.
            await #expect(throws: Problem.notFound("document")) {
                try await f.service.documentContent(document.id, of: dossier.id, by: f.officer)
            }
            let recorded = try await f.database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM ledger_entries WHERE action = 'licensing.document.added'").first()!
                    .decode(column: "n", as: Int.self)
            }
            #expect(recorded == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func overdueDossiersGetAnApologyWithANewDate(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var dossier = try await f.completeDraft()
            dossier = try await f.act(.submit, dossier, by: f.investor)
            await #expect(throws: Problem.self) {
                try await f.service.recordApology(for: dossier.id, newAppointment: LocalDate("2026-04-01")!, text: "Xin lỗi",
                                                  expectedVersion: dossier.version, by: f.officer)
            }
            f.clock.advance(by: 30 * 86_400)  // 1 April: past the 23 March appointment
            let overdue = try await f.service.list(.init(overdue: true), page: PageRequest(), by: f.officer)
            #expect(overdue.items.map(\.id) == [dossier.id])
            dossier = try await f.service.recordApology(for: dossier.id, newAppointment: LocalDate("2026-04-08")!,
                                                        text: "Hồ sơ cần thêm thời gian thẩm định", expectedVersion: dossier.version,
                                                        by: f.officer)
            #expect(dossier.appointmentOn == LocalDate("2026-04-08"))
            let (_, events) = try await f.service.history(of: dossier.id, by: f.investor)
            #expect(events.last?.action == "apology" && events.last?.details["appointmentOn"]?.stringValue == "2026-04-08")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func queuesFilterAndPageAndInvestorsSeeOnlyTheirOwn(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            for _ in 0..<5 {
                let draft = try await f.completeDraft()
                try await f.act(.submit, draft, by: f.investor)
            }
            _ = try await f.service.create(procedureCode: "CONSTRUCTION-PERMIT", form: [:], by: f.otherInvestor)
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await f.service.list(.init(statuses: [.submitted]), page: try PageRequest(limit: 2, cursor: cursor), by: f.officer)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 5 && Set(seen).count == 5)
            #expect(try await f.service.list(.init(), page: PageRequest(), by: f.otherInvestor).items.count == 1)
            #expect(try await f.service.list(.init(), page: PageRequest(), by: f.investor).items.count == 5)
        }
    }

    /// A vague name fragment (many enterprises) and a precise one are planned differently on
    /// SQLite; both must find the same dossiers in the queue's order, page after page.
    /// Search forgives the way people type (issue 28): case, Vietnamese diacritics (đ too),
    /// extra spaces and word order, over the reference, the national dossier code and the
    /// names in the form; each word is a word's beginning. Dossiers stored before the words
    /// existed get them at start-up.
    @Test(arguments: TestDatabase.kinds)
    func searchForgivesAccentsCaseSpacesAndWordOrder(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var dossier = try await f.completeDraft()  // owner "Công ty Gió Biển", project "Nhà xưởng số 3"
            dossier = try await f.act(.submit, dossier, by: f.investor)
            let other = try await f.service.create(procedureCode: "CONSTRUCTION-PERMIT", form: ["projectName": "Kho lạnh Đình Vũ"], by: f.otherInvestor)
            func found(_ text: String, by actor: Actor? = nil) async throws -> Set<UUID> {
                Set(try await f.service.list(.init(search: text), page: PageRequest(), by: actor ?? f.officer).items.map(\.id))
            }
            for query in ["nha xuong", "XUONG   nhà", "gio bien", "Gió  Biển", "nha xu", "cong ty gio"] {
                #expect(try await found(query) == [dossier.id], "\(query)")
            }
            #expect(try await found("dinh vu") == [other.id], "đ is d")
            #expect(try await found("nha kho").isEmpty, "every word must be there")
            let reference = try #require(dossier.reference)
            #expect(try await found(reference.lowercased()) == [dossier.id], "the reference, however it is cased")
            #expect(try await found("gio bien", by: f.otherInvestor).isEmpty, "an investor searches its own dossiers only")

            // Stored before the words existed: the start-up pass gives them, once.
            try await f.database.transaction { try await $0.sql.raw("DELETE FROM dossier_search_terms").run() }
            #expect(try await found("nha xuong").isEmpty)
            #expect(try await f.service.indexSearchTerms() == 2)
            #expect(try await found("nha xuong") == [dossier.id])
            #expect(try await f.service.indexSearchTerms() == 0)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aSearchMatchingManyEnterprisesFindsTheSameDossiersInQueueOrder(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            var submitted: [UUID] = []
            for _ in 0..<5 {
                let draft = try await f.completeDraft()
                try await f.act(.submit, draft, by: f.investor)
                submitted.append(draft.id)
            }
            _ = try await f.service.create(procedureCode: "CONSTRUCTION-PERMIT", form: [:], by: f.otherInvestor)
            for number in 1...24 { _ = try await f.directory.add(kind: .investorEnterprise, name: "Cảng Biển \(number)", code: nil) }

            func everything(_ search: String) async throws -> [UUID] {
                var seen: [UUID] = []
                var cursor: String?
                repeat {
                    let page = try await f.service.list(.init(search: search), page: try PageRequest(limit: 2, cursor: cursor), by: f.officer)
                    seen += page.items.map(\.id)
                    cursor = page.nextCursor
                } while cursor != nil
                return seen
            }
            let queueOrder = try await f.service.list(.init(), page: PageRequest(), by: f.officer).items.map(\.id).filter(submitted.contains)
            let vague = try await everything("biển")
            let precise = try await everything("Gió Biển")
            #expect(try await f.directory.organisations(matching: "biển", limit: 500).count == 25)
            #expect(Set(vague) == Set(submitted))
            #expect(vague == queueOrder)
            #expect(precise == queueOrder)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anAmendmentSupersedesTheAmendedCertificate(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            f.clock.advance(by: 31 * 86_400)  // April 2026: the amendment of Decree 96/2026 (IRC-AMENDMENT v3) is in force
            let ircForm: JSONValue = [
                "projectName": "Nhà máy tuabin gió", "investorType": "corporate", "investorName": "Biển Đông Holdings", "investorCountry": "KR",
                "totalCapital": ["amount": "50000000", "currency": "USD"], "contributedCapital": ["amount": "10000000", "currency": "USD"],
                "sector": "Sản xuất thiết bị điện gió", "siteArea": 12.5, "needsLand": false, "employees": 300, "implementationMonths": 24,
            ]
            var irc = try await f.completeDraft(procedure: "IRC-NEW", form: ircForm)
            for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer), (.accept, f.officer), (.approve, f.approver),
                                    (.issueCertificate, f.approver)] {
                irc = try await f.act(action, irc, by: actor)
            }
            let original = try #require(irc.certificateNumber)
            var amendment = try await f.completeDraft(procedure: "IRC-AMENDMENT", form: [
                "certificateNumber": .string(original), "projectName": "Nhà máy tuabin gió", "investorName": "Biển Đông Holdings",
                "adjustmentKind": "capital", "changes": "Tăng vốn đầu tư lên 80 triệu USD", "reason": "Mở rộng dây chuyền sản xuất",
            ])
            for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer), (.accept, f.officer), (.approve, f.approver),
                                    (.issueCertificate, f.approver)] {
                amendment = try await f.act(action, amendment, by: actor)
            }
            let old = try await f.service.verify(original)
            #expect(old.status == .superseded && old.supersededBy == amendment.certificateNumber)
            let revoked = try await f.service.revoke(try #require(amendment.certificateNumber), reason: "Cấp sai đối tượng", by: f.approver)
            #expect(revoked.status == .revoked)
            #expect(try await f.service.verify(amendment.certificateNumber!).status == .revoked)
        }
    }

    /// An enterprise whose certificate was issued before this system, or by another
    /// authority, knows it by its project code (reference F9.1): it can file the amendment,
    /// and the certificate issued keeps that code beside our own number, as does the next one.
    @Test(arguments: TestDatabase.kinds)
    func aCertificateKnownOnlyByItsProjectCodeCanBeAmended(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            f.clock.advance(by: 31 * 86_400)  // April 2026: the amendment of Decree 96/2026 (IRC-AMENDMENT v3) is in force
            func amend(_ number: String) async throws -> Dossier {
                var amendment = try await f.completeDraft(procedure: "IRC-AMENDMENT", form: [
                    "certificateNumber": .string(number), "projectName": "Nhà máy linh kiện", "investorName": "Biển Đông Holdings",
                    "adjustmentKind": "capital", "changes": "Tăng vốn đầu tư", "reason": "Mở rộng sản xuất",
                ])
                for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer), (.accept, f.officer),
                                        (.approve, f.approver), (.issueCertificate, f.approver)] {
                    amendment = try await f.act(action, amendment, by: actor)
                }
                return amendment
            }
            let first = try await amend("2135871604")
            let issued = try await f.service.verify(try #require(first.certificateNumber))
            #expect(issued.status == .valid)
            let content = try await f.service.certificate(try #require(first.certificateNumber), by: f.approver).contentValue
            #expect(content["projectCode"]?.stringValue == "2135871604" && content["supersedes"] == .null)
            let second = try await amend(try #require(first.certificateNumber))
            let next = try await f.service.certificate(try #require(second.certificateNumber), by: f.approver).contentValue
            #expect(next["projectCode"]?.stringValue == "2135871604", "the project code is kept for the project's life")
            #expect(try await f.service.verify(first.certificateNumber!).status == .superseded)
        }
    }
    /// Issuing one IRC in the fixture, the way an investor and the Authority do.
    private static func issuedIRC(_ f: LicensingFixture) async throws -> String {
        var irc = try await f.completeDraft(procedure: "IRC-NEW", form: [
            "projectName": "Nhà máy pin lưu trữ", "investorType": "corporate", "investorName": "Biển Đông Holdings", "investorCountry": "KR",
            "totalCapital": ["amount": "20000000", "currency": "USD"], "contributedCapital": ["amount": "5000000", "currency": "USD"],
            "sector": "Sản xuất pin lưu trữ", "siteArea": 4.5, "needsLand": false, "employees": 120, "implementationMonths": 18,
        ])
        for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer), (.accept, f.officer), (.approve, f.approver),
                                (.issueCertificate, f.approver)] {
            irc = try await f.act(action, irc, by: actor)
        }
        return try #require(irc.certificateNumber)
    }

    /// Decided through the whole one-stop path, from a complete draft.
    private static func decided(_ f: LicensingFixture, _ procedure: String, _ form: JSONValue) async throws -> Dossier {
        var dossier = try await f.completeDraft(procedure: procedure, form: form)
        for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer), (.accept, f.officer), (.approve, f.approver),
                                (.issueCertificate, f.approver)] {
            dossier = try await f.act(action, dossier, by: actor)
        }
        return dossier
    }

    /// An amendment says what kind it is, and the kind decides the documents: a change of
    /// investor cannot go in without the transfer contract and the transferee's papers.
    @Test(arguments: TestDatabase.kinds)
    func anAmendmentsKindDecidesItsDocuments(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            f.clock.advance(by: 31 * 86_400)  // April 2026: the amendment of Decree 96/2026 (IRC-AMENDMENT v3) is in force
            let fields: [String: JSONValue] = [
                "certificateNumber": "2135871604", "projectName": "Nhà máy linh kiện", "investorName": "Biển Đông Holdings",
                "adjustmentKind": "investor-change", "changes": "Chuyển nhượng toàn bộ dự án cho Công ty Sóng Xanh", "reason": "Tái cơ cấu tập đoàn",
            ]
            let form = JSONValue.object(fields)
            let draft = try await f.service.create(procedureCode: "IRC-AMENDMENT", form: form, by: f.investor)
            for document in ["amendment-request", "implementation-report", "investor-decision"] {
                _ = try await f.service.addDocument(to: draft.id, type: document, filename: "\(document).pdf", bytes: LicensingFixture.pdf, by: f.investor)
            }
            await #expect { try await f.act(.submit, try await f.service.dossier(draft.id, by: f.investor), by: f.investor) } throws: { error in
                Set((error as? Problem)?.fieldErrors.map(\.pointer) ?? []) == ["/documents/transfer-contract", "/documents/transferee-legal-documents"]
            }
            var misnumbered = fields
            misnumbered["certificateNumber"] = "IRC 2135-87"
            await #expect(throws: Problem.invalid("/form/certificateNumber", "irc_reference")) {
                try await f.service.create(procedureCode: "IRC-AMENDMENT", form: .object(misnumbered), by: f.investor)
            }
            var kindless = fields
            kindless["adjustmentKind"] = nil
            let unsaid = try await f.service.create(procedureCode: "IRC-AMENDMENT", form: .object(kindless), by: f.investor)
            await #expect { try await f.act(.submit, unsaid, by: f.investor) } throws: { error in
                (error as? Problem)?.fieldErrors.map(\.pointer).contains("/form/adjustmentKind") == true
            }
        }
    }

    /// Terminating a project ends its IRC (the procedure revokes what it names), and the
    /// decision is due 5 working days after the Authority accepts the complete dossier.
    @Test(arguments: TestDatabase.kinds)
    func terminatingAProjectEndsItsCertificate(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let irc = try await Self.issuedIRC(f)
            var termination = try await f.completeDraft(procedure: "PROJECT-TERMINATION", form: [
                "certificateNumber": .string(irc), "ground": "investor-decision", "terminationDate": "2026-12-31",
                "liquidationSummary": "Thanh lý toàn bộ máy móc, hoàn thành nghĩa vụ thuế",
            ])
            for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer)] { termination = try await f.act(action, termination, by: actor) }
            let calendar = try await f.service.catalogue.calendar()
            let accepted = try await f.act(.accept, termination, by: f.officer)
            let start = try #require(accepted.clockStartedOn)
            #expect(accepted.appointmentOn == calendar.due(after: start, days: 5, counted: .working), "5 working days from the complete dossier")
            termination = accepted
            for (action, actor) in [(DossierAction.approve, f.approver), (.issueCertificate, f.approver)] {
                termination = try await f.act(action, termination, by: actor)
            }
            let ended = try await f.service.verify(irc)
            #expect(ended.status == .revoked && ended.revokedAt != nil)
            let decision = try await f.service.certificate(try #require(termination.certificateNumber), by: f.approver).contentValue
            #expect(decision["revokes"]?.stringValue == irc && decision["type"]?.stringValue == "PTD")

            // A certificate already ended cannot be ended again.
            var again = try await f.completeDraft(procedure: "PROJECT-TERMINATION", form: [
                "certificateNumber": .string(irc), "ground": "other", "terminationDate": "2026-12-31", "liquidationSummary": "Đã thanh lý xong",
            ])
            for (action, actor) in [(DossierAction.submit, f.investor), (.startCheck, f.officer), (.accept, f.officer), (.approve, f.approver)] {
                again = try await f.act(action, again, by: actor)
            }
            await #expect(throws: Problem.conflict("certificate_not_supersedable", arguments: ["number": irc])) {
                try await f.act(.issueCertificate, again, by: f.approver)
            }
        }
    }

    /// A work permit issued before this system, by another body, is extended under the
    /// number it bears: the extension carries that number; one issued here is superseded.
    @Test(arguments: TestDatabase.kinds)
    func aWorkPermitIssuedElsewhereCanBeExtended(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let fields: [String: JSONValue] = ["certificateNumber": "HPG/2024/1234", "workerName": "Kim Min-jun", "passportNumber": "M12345678",
                                               "nationality": "KR", "position": "expert", "newEndDate": "2028-12-31", "employerName": "Công ty Gió Biển"]
            let extended = try await Self.decided(f, "WORK-PERMIT-EXTENSION", .object(fields))
            let content = try await f.service.certificate(try #require(extended.certificateNumber), by: f.approver).contentValue
            #expect(content["previousNumber"]?.stringValue == "HPG/2024/1234" && content["supersedes"] == .null)

            var ours = fields
            ours["certificateNumber"] = .string(try #require(extended.certificateNumber))
            let again = try await Self.decided(f, "WORK-PERMIT-EXTENSION", .object(ours))
            #expect(try await f.service.verify(extended.certificateNumber!).status == .superseded)
            #expect(try await f.service.verify(again.certificateNumber!).status == .valid)
        }
    }

    /// The provincial one-stop system's code is recorded at receipt, in the zone's format,
    /// once, and never for two dossiers (reference F5.4).
    @Test(arguments: TestDatabase.kinds)
    func theNationalDossierCodeIsRecordedAtReceipt(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let today = try await f.service.catalogue.today()
            let yymmdd = String(today.description.replacingOccurrences(of: "-", with: "").dropFirst(2))
            let code = "H31.27-\(yymmdd)-0042"
            var dossier = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            await #expect(throws: Problem.invalid("/nationalCode", "dossier_code_format", arguments: ["value": "HP-2026-42"])) {
                try await f.act(.startCheck, dossier, by: f.officer, input: .init(nationalCode: "HP-2026-42"))
            }
            let future = "H31.27-\(String(today.adding(days: 3).description.replacingOccurrences(of: "-", with: "").dropFirst(2)))-0042"
            await #expect(throws: Problem.invalid("/nationalCode", "dossier_code_date", arguments: ["value": future])) {
                try await f.act(.startCheck, dossier, by: f.officer, input: .init(nationalCode: future))
            }
            await #expect(throws: Problem.invalid("/nationalCode", "dossier_code_date", arguments: ["value": "H31.27-261345-0042"])) {
                try await f.act(.startCheck, dossier, by: f.officer, input: .init(nationalCode: "H31.27-261345-0042"))
            }
            dossier = try await f.act(.startCheck, dossier, by: f.officer, input: .init(nationalCode: code))
            #expect(dossier.nationalCode == code && dossier.reference?.hasPrefix("HPFTZ-") == true, "beside our own reference")
            #expect(try await f.service.dossier(dossier.id, by: f.investor).nationalCode == code)
            let byCode = try await f.service.list(.init(search: code), page: PageRequest(), by: f.officer)
            #expect(byCode.items.map(\.id) == [dossier.id], "found by the national code once it is recorded")

            let other = try await f.act(.submit, try await f.completeDraft(), by: f.investor)
            await #expect(throws: Problem.conflict("dossier_code_taken", arguments: ["code": code])) {
                try await f.act(.startCheck, other, by: f.officer, input: .init(nationalCode: code))
            }
            await #expect(throws: Problem.invalid("/nationalCode", "dossier_code_at_receipt")) {
                try await f.act(.approve, dossier, by: f.approver, input: .init(nationalCode: code))
            }
        }
    }
    /// A form's address in the zone is judged against the city's places when the draft is
    /// saved: a district is refused, naming the field and the district.
    @Test(arguments: TestDatabase.kinds)
    func anAddressNamingAnAbolishedDistrictIsRefused(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let form: JSONValue = ["enterpriseName": "Công ty TNHH Chế xuất Sóng Xanh", "enterpriseCode": "0201234569",
                                   "siteAddress": "Lô CN5, KCN Nam Đình Vũ, quận Hải An, Hải Phòng"]
            await #expect(throws: Problem.invalid("/form/siteAddress", "address_district", arguments: ["district": "Quận Hải An"])) {
                try await f.service.create(procedureCode: "EPE-STATUS-CONFIRMATION", form: form, by: f.investor)
            }
            let fixed: JSONValue = ["enterpriseName": "Công ty TNHH Chế xuất Sóng Xanh", "enterpriseCode": "0201234569",
                                    "siteAddress": "Lô CN5, KCN Nam Đình Vũ, phường Đông Hải, Hải Phòng"]
            let draft = try await f.service.create(procedureCode: "EPE-STATUS-CONFIRMATION", form: fixed, by: f.investor)
            #expect(draft.status == .draft)
        }
    }
}
