import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Licensing
import OpenAPIRuntime

extension APIHandler {
    var licensingMapping: LicensingMapping {
        LicensingMapping(language: RequestScope.current.language, messages: services.messages, catalogue: services.catalogue.catalogue)
    }

    func listProcedures(_ input: Operations.ListProcedures.Input) async throws -> Operations.ListProcedures.Output {
        let mapping = licensingMapping
        let procedures = try await services.catalogue.procedures()
        return .ok(.init(body: .json(.init(items: procedures.map(mapping.summary), language: mapping.language.rawValue))))
    }

    func getProcedure(_ input: Operations.GetProcedure.Input) async throws -> Operations.GetProcedure.Output {
        guard let procedure = try await services.catalogue.procedure(input.path.code, version: input.query.version) else {
            throw Problem.notFound("procedure")
        }
        let mapping = licensingMapping
        var detail = mapping.detail(procedure)
        if input.query.version == nil, let next = try await services.catalogue.nextVersion(of: procedure.code), let from = next.effectiveFrom {
            detail.nextVersion = .init(version: next.version, effectiveFrom: from.description, changes: next.changes.map { $0.text(mapping.language) })
        }
        let calendar = try await services.catalogue.calendar()
        let today = try await services.catalogue.receiptDay()
        let appointment = procedure.appointment(filedOn: today, calendar: calendar)
        detail.appointmentIfFiledToday = appointment.description
        if calendar.restsOnProvisionalYears(from: today, to: appointment) {
            detail.appointmentWarning = services.messages.text("guide.appointment_provisional", mapping.language,
                                                               ["date": mapping.display(appointment)])
        }
        return .ok(.init(body: .json(detail)))
    }

    func publishProcedureVersion(_ input: Operations.PublishProcedureVersion.Input) async throws -> Operations.PublishProcedureVersion.Output {
        let body = switch input.body { case .json(let body): body }
        let definition: Procedure
        do {
            let encoded = try JSONEncoder().encode(body.additionalProperties)
            // Decoding descends the form schema as deep as the body nests it: on a thread with a
            // stack sized for that, not on a concurrency worker (issue 31).
            definition = try await DeepStack.run { try JSONDecoder().decode(Procedure.self, from: encoded) }
        } catch let error as DecodingError {
            throw ErrorTranslation.problem(for: error)
        }
        guard definition.code == input.path.code else { throw Problem.invalid("/code", "procedure_code_mismatch") }
        let published = try await services.catalogue.publish(definition, by: actor)
        return .created(.init(body: .json(licensingMapping.detail(published))))
    }

    func getCalendarYear(_ input: Operations.GetCalendarYear.Input) async throws -> Operations.GetCalendarYear.Output {
        guard let found = try await services.catalogue.calendarYear(input.path.year) else { throw Problem.notFound("calendar_year") }
        tag(version: found.latestVersion)
        var body = Self.calendarYear(found.current.year, version: found.current.version)
        body.replacement = found.replacement.map { pending in
            .init(holidays: Self.holidays(pending.year), makeUpWorkingDays: pending.year.makeUpWorkingDays.map(\.description),
                  provisional: pending.year.provisional, effectiveFrom: pending.year.effectiveFrom?.description ?? "",
                  version: pending.version)
        }
        return .ok(.init(body: .json(body)))
    }

    func putCalendarYear(_ input: Operations.PutCalendarYear.Input) async throws -> Operations.PutCalendarYear.Output {
        let body = switch input.body { case .json(let body): body }
        var validator = FieldValidator()
        let holidays = body.holidays.enumerated().compactMap { position, holiday -> WorkingCalendar.Year.Holiday? in
            guard let date = LocalDate(holiday.date) else { validator.add("/holidays/\(position)/date", "date_format"); return nil }
            return .init(date: date, name: holiday.name)
        }
        let makeUp = body.makeUpWorkingDays.enumerated().compactMap { position, text -> LocalDate? in
            guard let date = LocalDate(text) else { validator.add("/makeUpWorkingDays/\(position)", "date_format"); return nil }
            return date
        }
        let effectiveFrom = body.effectiveFrom.flatMap { text in
            LocalDate(text) ?? { validator.add("/effectiveFrom", "date_format"); return nil }()
        }
        try validator.finish()
        let year = WorkingCalendar.Year(year: input.path.year, holidays: holidays, makeUpWorkingDays: makeUp,
                                        provisional: body.provisional ?? false, effectiveFrom: effectiveFrom)
        let version = try await services.catalogue.updateCalendarYear(year, expectedVersion: Self.version(fromIfMatch: input.headers.ifMatch),
                                                                      by: actor)
        tag(version: version)
        return .ok(.init(body: .json(Self.calendarYear(year, version: version))))
    }

    static func calendarYear(_ year: WorkingCalendar.Year, version: Int) -> Components.Schemas.CalendarYear {
        .init(year: year.year, holidays: holidays(year), makeUpWorkingDays: year.makeUpWorkingDays.map(\.description),
              provisional: year.provisional, effectiveFrom: year.effectiveFrom?.description, version: version)
    }

    static func holidays(_ year: WorkingCalendar.Year) -> [Components.Schemas.CalendarHoliday] {
        year.holidays.map { .init(date: $0.date.description, name: $0.name) }
    }

    func listRefusalReasons(_ input: Operations.ListRefusalReasons.Input) async throws -> Operations.ListRefusalReasons.Output {
        let mapping = licensingMapping
        return .ok(.init(body: .json(.init(items: services.catalogue.catalogue.refusalReasons.map { mapping.reason($0.code) }))))
    }

    func getLicensingStatistics(_ input: Operations.GetLicensingStatistics.Input) async throws -> Operations.GetLicensingStatistics.Output {
        let mapping = licensingMapping
        let statistics = try await services.licensing.statistics(procedure: input.query.procedure, by: actor)
        return .ok(.init(body: .json(.init(items: statistics.map { item in
            .init(procedure: item.procedure, countsByStatus: .init(additionalProperties: item.countsByStatus), decided: item.decided,
                  medianDays: item.medianDays, p90Days: item.p90Days, onTimeRate: item.onTimeRate,
                  topRefusalReasons: item.topRefusalReasons.map { .init(code: $0.code, text: mapping.reason($0.code).text, count: $0.count) })
        }))))
    }
}
