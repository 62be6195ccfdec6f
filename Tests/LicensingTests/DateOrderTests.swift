import FTZCore
import Foundation
import Licensing
import Localization
import Testing

/// Dates whose order matters (a work permit's period, a suspension's) are put in order by the
/// schema (`x-not-before`), so an end before its start is refused at the end field, in the
/// reader's words, by the same validation the API and the console share.
@Suite("Dates in order")
struct DateOrderTests {
    static func procedure(_ code: String) throws -> Procedure {
        try #require(LicensingFixture.catalogue.procedures.first { $0.code == code })
    }

    static let permit: JSONValue = [
        "employerName": "Công ty Sao Biển", "employerTaxCode": "0201234569", "expertName": "PARK JI WOO", "nationality": "KR",
        "passportNumber": "M12345678", "position": "expert", "startDate": "2027-03-01", "endDate": "2028-02-28",
    ]

    static func with(_ form: JSONValue, _ changes: [String: JSONValue]) -> JSONValue {
        guard case .object(var members) = form else { return form }
        for (name, value) in changes { members[name] = value }
        return .object(members)
    }

    @Test func anEndBeforeItsStartIsRefusedAtTheEndFieldNamingTheStart() throws {
        let schema = FormSchema(try Self.procedure("WORK-PERMIT-CONFIRMATION").form)
        #expect(schema.validate(Self.permit).isEmpty)
        let errors = schema.validate(Self.with(Self.permit, ["endDate": "2027-02-01"]))
        #expect(errors.map(\.pointer) == ["/form/endDate"])
        #expect(errors.map(\.reason) == ["date_order"])
        let error = try #require(errors.first)
        let messages = MessageCatalogue.bundled
        #expect(messages.text("field.date_order", .ja, error.arguments) == "この日付は「就労開始予定日」の日付より前にすることはできません。")
        #expect(messages.text("field.date_order", .vi, error.arguments).contains("“Ngày dự kiến bắt đầu làm việc”"))
        #expect(messages.text("field.date_order", .en, error.arguments) == "This date cannot be earlier than the date in “Expected start date”.")
        #expect(messages.text("field.date_order", .ko, error.arguments).contains("근무 시작 예정일"))
        #expect(messages.text("field.date_order", .zhHans, error.arguments).contains("预计开始工作日期"))
    }

    @Test func aDraftIsJudgedOnlyOnDatesItHasAndADateItsOwnErrorFirst() throws {
        let schema = FormSchema(try Self.procedure("WORK-PERMIT-CONFIRMATION").form)
        #expect(schema.validate(["endDate": "2020-01-01"], requireAll: false).isEmpty, "a draft without a start has no order to break")
        #expect(schema.validate(Self.with(Self.permit, ["endDate": "2027-03-01"])).isEmpty, "ending the day it starts is allowed")
        let badStart = schema.validate(Self.with(Self.permit, ["startDate": "2027-13-01", "endDate": "2027-01-01"]))
        #expect(badStart.map(\.reason) == ["date_format"], "a start that is no date is named, not the order")
    }

    @Test func everyPeriodOfTheCatalogueIsInOrder() throws {
        let cases: [(String, String, String, JSONValue)] = [
            ("WORK-PERMIT-EXEMPTION", "fromDate", "untilDate", "2027-06-01"),
            ("PROJECT-SUSPENSION", "suspendedFrom", "suspendedUntil", "2027-06-01"),
        ]
        for (code, start, end, date) in cases {
            let schema = FormSchema(try Self.procedure(code).form)
            let errors = schema.validate([start: date, end: "2027-05-31"], requireAll: false)
            #expect(errors.map(\.pointer) == ["/form/\(end)"] && errors.map(\.reason) == ["date_order"], "\(code)")
        }
        // Each declaration names another date of its form (checked when a version is published too).
        for procedure in LicensingFixture.catalogue.procedures {
            #expect(throws: Never.self, "\(procedure.code) v\(procedure.version)") { try procedure.validate() }
        }
    }

    @Test func aDeclarationNamingNoDateIsRefusedWhenPublished() throws {
        var procedure = try Self.procedure("WORK-PERMIT-CONFIRMATION")
        guard case .object(var form) = procedure.form, case .object(var properties)? = form["properties"],
              case .object(var end)? = properties["endDate"] else { Issue.record("the permit's form has an end date"); return }
        end["x-not-before"] = "employerName"
        properties["endDate"] = .object(end)
        form["properties"] = .object(properties)
        procedure.form = .object(form)
        let problem = try #require(throws: Problem.self) { try procedure.validate() }
        #expect(problem.fieldErrors.map(\.pointer) == ["/form/properties/endDate/x-not-before"])
    }
}
