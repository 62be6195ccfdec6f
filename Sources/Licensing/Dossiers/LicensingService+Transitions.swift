import FTZCore
import Foundation
import Ledger
import SQLKit
import Storage

/// Moving a dossier through its statuses: roles, the object, the allowed transitions,
/// the statutory clock, references, consultations asked and the certificate issued, all
/// in one transaction with the history and the ledger entry.
extension LicensingService {
    /// What accompanies an action: a comment for the investor, the documents missing, the
    /// refusal reasons, the departments to consult.
    public struct TransitionInput: Sendable {
        public var comment: String?
        public var missingDocuments: [String]
        public var reasons: [String]
        public var departments: [String]?
        /// The provincial one-stop system's code for the dossier, recorded at receipt
        /// (start of the check, or acceptance).
        public var nationalCode: String?

        public init(comment: String? = nil, missingDocuments: [String] = [], reasons: [String] = [], departments: [String]? = nil,
                    nationalCode: String? = nil) {
            self.comment = comment
            self.nationalCode = nationalCode
            self.missingDocuments = missingDocuments
            self.reasons = reasons
            self.departments = departments
        }
    }

    /// Moves a dossier along: checks the role, the object (investors act on their own
    /// organisation's dossiers only), the current status (409 naming the allowed actions)
    /// and `If-Match` (412 when someone acted first); recomputes the statutory clock; writes
    /// the history entry and the ledger entry in the same transaction.
    public func perform(_ action: DossierAction, on id: UUID, input: TransitionInput = .init(), expectedVersion: Int,
                        by actor: Actor) async throws -> Dossier {
        let rule = action.rule
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard !actor.roles.isDisjoint(with: rule.roles) else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": rule.roles.map(\.rawValue).sorted().joined(separator: ", ")])
        }
        let calendar = try await catalogue.calendar()
        let today = calendar.localDate(of: clock.now())
        // Departments are resolved before the transaction: consulting is rare and their
        // lookup need not hold the dossier's row lock.
        let departments: [(Procedure.ConsultationRule, DirectoryEntry)] = action == .consult
            ? try await consultedDepartments(input.departments, procedure: try await procedure(of: try await dossier(id, by: actor)))
            : []

        let moved: Dossier
        do { moved = try await transition(action, on: id, input: input, expectedVersion: expectedVersion, by: actor, today: today,
                                          calendar: calendar, departments: departments) }
        // Another dossier holds the national code: the provincial system gives each one its own.
        catch where input.nationalCode != nil && UniqueViolation.matches(error) {
            throw Problem.conflict("dossier_code_taken", arguments: ["code": input.nationalCode ?? ""])
        }
        return Self.shown(Self.dated(moved, today: today), to: actor)
    }

    /// The transaction of `perform`: the checks on the locked row, the action's effects,
    /// the history entry and the ledger entry.
    private func transition(_ action: DossierAction, on id: UUID, input: TransitionInput, expectedVersion: Int, by actor: Actor,
                            today: LocalDate, calendar: WorkingCalendar,
                            departments: [(Procedure.ConsultationRule, DirectoryEntry)]) async throws -> Dossier {
        let rule = action.rule
        return try await database.transaction { tx in
            var dossier = try await self.visibleDossier(id, by: actor, on: tx.sql, forUpdate: true)
            let words = dossier.searchTerms
            if rule.roles.contains(.investor), dossier.organisationID != actor.organisationID { throw Problem.notFound("dossier") }
            let procedure = try await self.procedure(of: dossier)
            try self.validate(action, input: input, procedure: procedure, today: today)
            guard dossier.version == expectedVersion else { throw Problem.staleVersion() }
            guard rule.from.contains(dossier.status) else {
                throw Problem.conflict("transition_not_allowed", arguments: ["action": action.rawValue, "status": dossier.status.rawValue],
                                       allowed: DossierAction.allowed(from: dossier.status).map(\.rawValue))
            }
            try Self.claimForOfficer(&dossier, action: action, by: actor)
            if let code = input.nationalCode {
                guard dossier.nationalCode == nil || dossier.nationalCode == code else {
                    throw Problem.conflict("dossier_code_recorded", arguments: ["code": dossier.nationalCode ?? ""])
                }
                dossier.nationalCode = code
            }
            let statutoryClock = StatutoryClock(procedure: procedure, calendar: calendar,
                                                officeHours: self.catalogue.catalogue.zone.officeHours ?? .allDay)
            let now = self.clock.now()
            let from = dossier.status
            var details: [String: JSONValue] = [:]
            if let comment = input.comment, !comment.isEmpty { details["comment"] = .string(comment) }

            switch action {
            case .submit:
                try await self.checkComplete(dossier, procedure: procedure, on: tx.sql)
                let type = procedure.certificateType
                let number = try await self.dossiers.nextNumber(in: "DOSSIER:\(type):\(today.year)", on: tx.sql)
                let zone = self.catalogue.catalogue.zone
                let infix = zone.referenceInfix.map { "-\($0)" } ?? ""
                dossier.reference = "\(zone.referencePrefix)\(infix)-\(type)-\(today.year)-\(Self.pad(number))"
                dossier.submittedOn = today
                dossier.receiptCode = ReceiptCode.random()
                statutoryClock.submitted(&dossier, at: now)
                details["reference"] = .optional(dossier.reference)
                if let appointment = dossier.appointmentOn { details["appointmentOn"] = .string(appointment.description) }
            case .requestSupplement:
                statutoryClock.paused(&dossier, on: today)
                details["missingDocuments"] = .array(input.missingDocuments.map(JSONValue.string))
            case .resubmit:
                try await self.checkComplete(dossier, procedure: procedure, on: tx.sql)
                statutoryClock.supplemented(&dossier, at: now)
                if let appointment = dossier.appointmentOn { details["appointmentOn"] = .string(appointment.description) }
            case .accept:
                let started = dossier.clockStartedOn
                statutoryClock.accepted(&dossier, at: now)
                if started == nil, let appointment = dossier.appointmentOn { details["appointmentOn"] = .string(appointment.description) }
            case .consult:
                var consulted: [JSONValue] = []
                for (rule, department) in departments {
                    let consultation = Consultation(id: UUID.v7(at: self.clock.now()), dossierID: dossier.id, departmentCode: rule.department,
                                                    departmentID: department.id, requestedOn: today,
                                                    dueOn: calendar.due(after: today, days: rule.days, counted: rule.counted),
                                                    status: .pending, opinion: nil, answer: nil, answeredAt: nil)
                    try await self.consultationRecords.insert(consultation, on: tx.sql)
                    consulted.append(["department": .string(rule.department), "dueOn": .string(consultation.dueOn.description)])
                }
                details["consultations"] = .array(consulted)
            case .approve, .refuse, .stop:
                statutoryClock.decided(&dossier, on: today)
                if action == .refuse {
                    dossier.refusalReasons = input.reasons
                    details["reasons"] = .array(input.reasons.map(JSONValue.string))
                }
            case .issueCertificate:
                let certificate = try await self.issueCertificate(for: dossier, procedure: procedure, by: actor, in: tx)
                dossier.certificateNumber = certificate.number
                details["certificate"] = .string(certificate.number)
            case .startCheck, .withdraw:
                break
            }

            dossier.status = rule.to
            dossier.version += 1
            dossier.updatedAt = now
            guard try await self.dossiers.update(dossier, expectedVersion: expectedVersion, on: tx.sql) else { throw Problem.staleVersion() }
            // A reference given at submission, a national code at receipt: new words to find it by.
            if dossier.searchTerms != words { try await self.dossiers.replaceSearchTerms(of: dossier, on: tx.sql) }
            try await self.dossiers.insertEvent(DossierEvent(id: UUID.v7(at: dossier.updatedAt), at: dossier.updatedAt, actor: actor.reference,
                                                             action: action.rawValue, fromStatus: from, toStatus: dossier.status,
                                                             details: .object(details)),
                                                dossier: dossier.id, on: tx.sql)
            try await self.ledger.append(LicensingEvents.transition(dossier, action: action.rawValue, from: from, details: .object(details)),
                                         by: actor, in: tx)
            return dossier
        }
    }

    static func pad(_ number: Int64) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    private func validate(_ action: DossierAction, input: TransitionInput, procedure: Procedure, today: LocalDate) throws(Problem) {
        var validator = FieldValidator()
        if let code = input.nationalCode {
            if action != .startCheck && action != .accept {
                validator.add("/nationalCode", "dossier_code_at_receipt")
            } else if let rule = catalogue.catalogue.zone.nationalDossierCode {
                if let problem = rule.check(code, today: today) { validator.add("/nationalCode", problem, arguments: ["value": code]) }
            } else {
                validator.add("/nationalCode", "dossier_code_not_used")
            }
        }
        if let comment = input.comment { validator.check(comment.schemaLength <= 4000, "/comment", "too_long", arguments: ["max": "4000"]) }
        switch action {
        case .requestSupplement:
            validator.check(!(input.comment ?? "").isEmpty || !input.missingDocuments.isEmpty, "/comment", "supplement_reason_required")
            let known = Set(procedure.documents.map(\.code))
            for (position, code) in input.missingDocuments.enumerated() where !known.contains(code) {
                validator.add("/missingDocuments/\(position)", "document_type_unknown", arguments: ["value": code])
            }
        case .stop:
            // The notice must give the grounds (the one-stop form 05 has no other content).
            validator.check(!(input.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "/comment", "stop_grounds_required")
        case .refuse:
            validator.check(!input.reasons.isEmpty, "/reasons", "required")
            for (position, code) in input.reasons.enumerated() where catalogue.catalogue.reason(code) == nil {
                validator.add("/reasons/\(position)", "refusal_reason_unknown", arguments: ["value": code])
            }
        default:
            break
        }
        try validator.finish()
    }

    /// The departments to consult (the procedure's, or those named), each registered as an organisation.
    private func consultedDepartments(_ codes: [String]?, procedure: Procedure) async throws
        -> [(Procedure.ConsultationRule, DirectoryEntry)]
    {
        var rules = procedure.consultations
        if let codes {
            var validator = FieldValidator()
            validator.check(!codes.isEmpty, "/departments", "required")
            var chosen: [Procedure.ConsultationRule] = []
            for (position, code) in codes.enumerated() {
                if let rule = rules.first(where: { $0.department == code }) {
                    chosen.append(rule)
                } else if catalogue.catalogue.department(code) != nil {
                    chosen.append(.init(department: code, days: 5, counted: .working, purpose: .init([:])))
                } else {
                    validator.add("/departments/\(position)", "department_unknown", arguments: ["value": code])
                }
            }
            try validator.finish()
            rules = chosen
        }
        guard !rules.isEmpty else { throw Problem.invalid("/departments", "required") }
        var resolved: [(Procedure.ConsultationRule, DirectoryEntry)] = []
        for rule in rules {
            guard let department = try await directory.organisation(code: rule.department) else {
                throw Problem.conflict("department_not_registered", arguments: ["department": rule.department])
            }
            resolved.append((rule, department))
        }
        return resolved
    }

    /// A dossier can go to the authority only with a valid, complete form and every
    /// document its form makes required.
    private func checkComplete(_ dossier: Dossier, procedure: Procedure, on sql: any SQLDatabase) async throws {
        let errors = try await gaps(in: dossier, procedure: procedure, on: sql)
        if !errors.isEmpty { throw Problem(.unprocessable, "dossier_incomplete", fieldErrors: errors) }
    }

    /// What submitting (or resubmitting) `id` would refuse today: the form's invalid or
    /// missing fields and the required documents not yet uploaded, so the applicant's review
    /// page can list them before the button is pressed.
    public func submissionGaps(of id: UUID, by actor: Actor) async throws -> [Problem.FieldError] {
        let dossier = try await dossier(id, by: actor)
        let procedure = try await procedure(of: dossier)
        return try await database.read { try await self.gaps(in: dossier, procedure: procedure, on: $0) }
    }

    private func gaps(in dossier: Dossier, procedure: Procedure, on sql: any SQLDatabase) async throws -> [Problem.FieldError] {
        var errors = formSchema(procedure).validate(dossier.form)
        let present = Set(try await documentRecords.list(dossier: dossier.id, on: sql).map(\.documentType))
        for document in procedure.applicableDocuments(for: dossier.form) where document.required && !present.contains(document.code) {
            errors.append(.init("/documents/\(document.code)", "document_missing"))
        }
        return errors
    }

    /// An officer (who is not also an approver) acts only on the dossiers assigned to it; an
    /// unassigned dossier is claimed by the officer's first step on it, in that same step.
    static func claimForOfficer(_ dossier: inout Dossier, action: DossierAction, by actor: Actor) throws {
        guard action.rule.roles.contains(.ezaOfficer), actor.has(.ezaOfficer), !actor.has(.ezaApprover) else { return }
        guard let me = actor.userID else { throw Problem(.forbidden, "forbidden_role", arguments: ["roles": Role.ezaOfficer.rawValue]) }
        switch dossier.assigneeID {
        case nil: dossier.assigneeID = me
        case me?: break
        default: throw Problem(.forbidden, "dossier_assigned_elsewhere")
        }
    }
}
