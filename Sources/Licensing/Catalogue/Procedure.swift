import FTZCore
import Foundation
import Localization

/// One version of an administrative procedure, exactly as the catalogue files (or an
/// administrator) define it. A dossier keeps the version it was filed under.
public struct Procedure: Sendable, Codable, Equatable {
    public var code: String
    public var version: Int
    /// The national administrative-procedure code (mã TTHC) the National Public Service
    /// Portal lists it under, or "to be confirmed" where it could not be checked; nil in
    /// definitions published before the field existed.
    public var nationalCode: String?
    public var certificateType: String
    public var name: LocalizedText
    public var description: LocalizedText
    public var legalBasis: LocalizedText
    public var timeLimit: TimeLimit
    public var fees: [Fee]
    /// JSON Schema of the application form (see ``FormSchema``).
    public var form: JSONValue
    public var documents: [RequiredDocument]
    public var consultations: [ConsultationRule]
    public var result: LocalizedText
    public var supersedes: Bool
    /// The result ends the certificate named in the form's `certificateNumber`: a project's
    /// termination ends its IRC, a work permit's revocation the permit.
    public var revokes: Bool?
    public var steps: [Step]
    public var complaints: LocalizedText
    /// The first day (zone date) this version is in force; nil: from its publication. A law
    /// takes effect on a fixed date, so a version can be published ahead of it.
    public var effectiveFrom: LocalDate?
    /// The last day it is in force, when that is known in advance.
    public var effectiveUntil: LocalDate?
    /// What this version changes, announced by the guide before it takes effect.
    public var changes: LocalizedText?
    /// What in this version could not be checked against the legal text, and where that
    /// was tried; the guide lists it among its notes so nobody mistakes it for confirmed.
    public var unconfirmed: LocalizedText?
    /// When the statutory clock starts and what a supplement request does to it; nil:
    /// from submission, resuming with the days left.
    public var clock: ClockRule?
    /// Who decides: the body the law names, and on whose behalf the Authority acts where it
    /// acts by delegation. nil in definitions published before the field existed.
    public var issuer: LocalizedText?
    /// Within how long a refusal is given, where the law sets a shorter time for it than
    /// for the decision (a work permit: 3 working days, against 10 to issue).
    public var refusalLimit: TimeLimit?
    /// The zone's setting that gives the time limit (`zone.yaml` `timeLimits`), where the law
    /// leaves it to a text that could not be read; it replaces `timeLimit` and its source.
    public var timeLimitSetting: String?
    /// Where each legal fact comes from (``LegalSource``).
    public var sources: [LegalSource]?
    /// The form field holding the investment capital an issued certificate of this
    /// procedure registers (the zone's capital figures and licensed activities); nil when
    /// it registers none.
    public var capitalField: String?
    /// Whether an issued certificate records an investment project (the exchange's
    /// `investment-projects` service lists them).
    public var investmentProject: Bool?

    public var clockRule: ClockRule { clock ?? ClockRule(startsOn: .submission, onSupplement: .resume) }

    /// The statutes count from receipt of a complete, valid dossier. Some procedures take
    /// the investor's submission as that receipt, others the Authority's acceptance after
    /// its completeness check; after a supplement, some continue with the days left and
    /// others start the full period again.
    public struct ClockRule: Sendable, Codable, Equatable {
        public enum Start: String, Sendable, Codable { case submission, acceptance }
        public enum SupplementEffect: String, Sendable, Codable { case resume, restart }
        public var startsOn: Start
        public var onSupplement: SupplementEffect

        public init(startsOn: Start, onSupplement: SupplementEffect) {
            self.startsOn = startsOn
            self.onSupplement = onSupplement
        }
    }

    /// The appointment date (ngày hẹn trả kết quả) of a complete dossier filed on `day`:
    /// the time limit counted on the zone's calendar.
    public func appointment(filedOn day: LocalDate, calendar: WorkingCalendar) -> LocalDate {
        calendar.due(after: day, days: timeLimit.days, counted: timeLimit.counted)
    }

    /// Whether this version is in force on `date`.
    public func isInForce(on date: LocalDate) -> Bool {
        (effectiveFrom.map { $0 <= date } ?? true) && (effectiveUntil.map { date <= $0 } ?? true)
    }

    public struct TimeLimit: Sendable, Codable, Equatable {
        public var days: Int
        public var counted: DayCount

        public init(days: Int, counted: DayCount) {
            self.days = days
            self.counted = counted
        }
    }

    public struct Fee: Sendable, Codable, Equatable {
        public var code: String
        public var name: LocalizedText
        public var amount: String
        public var currency: String
        /// Charged only for filings made this way; nil: for every filing.
        public var filing: Filing?

        public enum Filing: String, Sendable, Codable { case paper, online }

        public var money: Money? { try? Money(amount: amount, currency: currency) }
        public func applies(to filing: Filing) -> Bool { self.filing.map { $0 == filing } ?? true }
    }

    /// What an online filer pays, in the fees' currency (nil when the fees mix currencies).
    public var onlineFilingTotal: Money? {
        let charged = fees.filter { $0.applies(to: .online) }.compactMap(\.money)
        guard let currency = charged.first?.currency ?? fees.first?.money?.currency,
              charged.allSatisfy({ $0.currency == currency })
        else { return nil }
        return Money(minorUnits: charged.reduce(0) { $0 + $1.minorUnits }, currency: currency)
    }

    public struct RequiredDocument: Sendable, Codable, Equatable {
        public var code: String
        public var name: LocalizedText
        public var required: Bool
        /// Applies only when this form field has this value.
        public var when: Condition?
    }

    public struct Condition: Sendable, Codable, Equatable {
        public var field: String
        public var equals: JSONValue
    }

    public struct ConsultationRule: Sendable, Codable, Equatable {
        public var department: String
        public var days: Int
        public var counted: DayCount
        public var purpose: LocalizedText
    }

    public struct Step: Sendable, Codable, Equatable {
        public var actor: String
        public var text: LocalizedText
    }

    /// What `nationalCode` says until the portal's code has been checked.
    public static let unconfirmedNationalCode = "to be confirmed"

    /// The documents that apply to a dossier with this form.
    public func applicableDocuments(for form: JSONValue) -> [RequiredDocument] {
        documents.filter { document in
            guard let condition = document.when else { return true }
            return form[condition.field] == condition.equals
        }
    }

    /// The documents the guide lists for an investor's answers: a document conditional on a
    /// question left blank is listed but optional; one whose condition the answers rule out
    /// is left out.
    public func guideDocuments(for answers: [String: JSONValue]) -> [(document: RequiredDocument, required: Bool)] {
        documents.compactMap { document in
            guard let condition = document.when else { return (document, document.required) }
            guard let answer = answers[condition.field], answer != .null else { return (document, false) }
            return answer == condition.equals ? (document, document.required) : nil
        }
    }

    /// Checks the definition itself (used when an administrator publishes a new version).
    public func validate() throws(Problem) {
        var validator = FieldValidator()
        validator.check(code.range(of: "^[A-Z0-9][A-Z0-9-]{1,63}$", options: .regularExpression) != nil, "/code", "procedure_code_format")
        validator.check(version >= 1, "/version", "version_positive")
        if let effectiveFrom, let effectiveUntil {
            validator.check(effectiveFrom <= effectiveUntil, "/effectiveUntil", "effective_until_before_from")
        }
        if let nationalCode {
            validator.check(nationalCode == Self.unconfirmedNationalCode
                            || nationalCode.range(of: #"^[0-9]\.[0-9]{6}$"#, options: .regularExpression) != nil,
                            "/nationalCode", "national_code_format")
        }
        validator.check(certificateType.range(of: "^[A-Z]{2,5}$", options: .regularExpression) != nil, "/certificateType",
                        "certificate_type_format")
        validator.check(timeLimit.days >= 1 && timeLimit.days <= 365, "/timeLimit/days", "time_limit_range")
        for (key, text) in [("name", name), ("description", description), ("legalBasis", legalBasis), ("result", result)] {
            for language in text.missingLanguages { validator.add("/\(key)/\(language.rawValue)", "required") }
        }
        for (position, fee) in fees.enumerated() where fee.money == nil {
            validator.add("/fees/\(position)/amount", "money.amount_format")
        }
        for (position, document) in documents.enumerated() {
            if let condition = document.when, FormSchema(form).property(condition.field) == nil {
                validator.add("/documents/\(position)/when/field", "form_field_unknown", arguments: ["value": condition.field])
            }
        }
        if case .object = form {} else { validator.add("/form", "form_schema_object") }
        // Dates put in order name another date of the same form.
        if case .object(let properties)? = form["properties"] {
            for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
                guard let earlier = property["x-not-before"]?.stringValue else { continue }
                if property["format"]?.stringValue != "date" || properties[earlier]?["format"]?.stringValue != "date" {
                    validator.add("/form/properties/\(name)/x-not-before", "form_field_unknown", arguments: ["value": earlier])
                }
            }
        }
        try validator.finish()
    }
}

extension Procedure {
    /// This procedure with its time limit taken from the zone's setting, if it names one.
    public func withZoneSettings(_ zone: ZoneCatalogue.Zone) throws -> Procedure {
        guard let name = timeLimitSetting else { return self }
        guard let setting = zone.timeLimits?[name] else {
            throw ZoneCatalogue.LoadError(file: "procedures/\(code)", reason: "timeLimitSetting \(name) is not a time limit of zone.yaml")
        }
        var resolved = self
        resolved.timeLimit = TimeLimit(days: setting.days, counted: setting.counted)
        resolved.sources = (sources ?? []).compactMap { source in
            var rest = source
            rest.facts.removeAll { $0 == .timeLimit }
            return rest.facts.isEmpty ? nil : rest
        } + [setting.source]
        return resolved
    }
}
