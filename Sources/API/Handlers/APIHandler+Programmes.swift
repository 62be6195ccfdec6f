import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Localization
import OpenAPIRuntime
import Programs

extension APIHandler {
    func programmeMapping() async throws -> ProgrammeMapping {
        ProgrammeMapping(language: RequestScope.current.language, messages: services.messages,
                         today: try await services.programmes.today())
    }

    func listProgrammes(_ input: Operations.ListProgrammes.Input) async throws -> Operations.ListProgrammes.Output {
        let mapping = try await programmeMapping()
        let portfolio = try await services.programmes.portfolio()
        return .ok(.init(body: .json(.init(items: portfolio.map(mapping.summary), language: mapping.language.rawValue))))
    }

    func getProgramme(_ input: Operations.GetProgramme.Input) async throws -> Operations.GetProgramme.Output {
        .ok(.init(body: .json(try await programmeMapping().detail(try await services.programmes.progress(of: input.path.programmeId)))))
    }

    func getPortfolio(_ input: Operations.GetPortfolio.Input) async throws -> Operations.GetPortfolio.Output {
        let mapping = try await programmeMapping()
        let portfolio = try await services.programmes.portfolio()
        return .ok(.init(body: .json(.init(
            asOf: mapping.today.description, language: mapping.language.rawValue, programmes: ProgrammeMapping.counts(portfolio.map(\.status)),
            indicators: ProgrammeMapping.counts(portfolio.flatMap { $0.indicators.map(\.assessment.status) }),
            items: portfolio.map(mapping.detail)))))
    }

    func setIndicatorTrajectory(_ input: Operations.SetIndicatorTrajectory.Input) async throws -> Operations.SetIndicatorTrajectory.Output {
        let body = switch input.body { case .json(let body): body }
        var validator = FieldValidator()
        let baseline = body.baseline.flatMap { baseline in
            validator.date(baseline.date, at: "/baseline/date").map { Baseline(value: baseline.value, date: $0) }
        }
        let target = body.target.flatMap { target in
            validator.date(target.date, at: "/target/date").map { Target(low: target.low, high: target.high, date: $0) }
        }
        try validator.finish()
        let indicator = try await services.programmes.setTrajectory(
            of: try identifier(input.path.indicatorId, "indicator"), baseline: baseline, target: target,
            expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        tag(version: indicator.version)
        let progress = try await services.programmes.progress(of: indicator.programmeID.lowercasedString)
        guard let assessed = progress.indicators.first(where: { $0.indicator.id == indicator.id }) else { throw Problem.notFound("indicator") }
        return .ok(.init(body: .json(try await programmeMapping().indicator(assessed))))
    }

    func addMilestone(_ input: Operations.AddMilestone.Input) async throws -> Operations.AddMilestone.Output {
        let body = switch input.body { case .json(let body): body }
        var validator = FieldValidator()
        let dueOn = validator.date(body.dueOn, at: "/dueOn")
        for language in body.title.additionalProperties.keys where Language(rawValue: language) == nil {
            validator.add("/title/\(language)", "language_unsupported")
        }
        try validator.finish()
        let milestone = try await services.programmes.addMilestone(to: input.path.programmeId,
                                                                   title: LocalizedText(body.title.additionalProperties), dueOn: dueOn!,
                                                                   by: actor)
        tag(version: milestone.version)
        return .created(.init(body: .json(try await programmeMapping().milestone(milestone))))
    }

    func updateMilestone(_ input: Operations.UpdateMilestone.Input) async throws -> Operations.UpdateMilestone.Output {
        let body = switch input.body { case .json(let body): body }
        var validator = FieldValidator()
        let dueOn = body.dueOn.flatMap { validator.date($0, at: "/dueOn") }
        try validator.finish()
        let milestone = try await services.programmes.updateMilestone(
            try identifier(input.path.milestoneId, "milestone"), status: MilestoneStatus(body.status), dueOn: dueOn,
            expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        tag(version: milestone.version)
        return .ok(.init(body: .json(try await programmeMapping().milestone(milestone))))
    }

    func getIndicatorSeries(_ input: Operations.GetIndicatorSeries.Input) async throws -> Operations.GetIndicatorSeries.Output {
        let (indicator, points) = try await services.programmes.series(try identifier(input.path.indicatorId, "indicator"))
        let wantsCSV = input.query.format == .csv
            || (input.query.format == nil && input.headers.accept.sortedByQuality().first?.contentType == .csv)
        if wantsCSV { return .ok(.init(body: .csv(HTTPBody(ProgrammeMapping.csv(indicator, points))))) }
        let language = RequestScope.current.language
        return .ok(.init(body: .json(.init(
            indicatorId: indicator.id.lowercasedString, code: indicator.code, name: indicator.name.text(language), unit: indicator.unit,
            points: points.map { .init(periodStart: $0.periodStart.description, periodEnd: $0.periodEnd.description, value: $0.value,
                                       reportId: $0.id.lowercasedString, corrected: $0.corrects != nil) }))))
    }

    func listIndicatorReports(_ input: Operations.ListIndicatorReports.Input) async throws -> Operations.ListIndicatorReports.Output {
        let page = try await services.programmes.reports(of: try identifier(input.path.indicatorId, "indicator"),
                                                         page: try page(limit: input.query.limit, cursor: input.query.cursor), by: actor)
        return .ok(.init(body: .json(.init(items: page.items.map(ProgrammeMapping.report), nextCursor: page.nextCursor))))
    }

    func submitIndicatorReport(_ input: Operations.SubmitIndicatorReport.Input) async throws -> Operations.SubmitIndicatorReport.Output {
        let body = switch input.body { case .json(let body): body }
        var validator = FieldValidator()
        let start = validator.date(body.periodStart, at: "/periodStart")
        let end = validator.date(body.periodEnd, at: "/periodEnd")
        let corrects = body.corrects.flatMap { text -> UUID? in
            guard let id = UUID(uuidString: text) else { validator.add("/corrects", "uuid_format"); return nil }
            return id
        }
        try validator.finish()
        let report = try await services.programmes.submitReport(
            for: try identifier(input.path.indicatorId, "indicator"),
            .init(value: body.value, periodStart: start!, periodEnd: end!, evidence: body.evidence ?? [], comment: body.comment,
                  corrects: corrects), by: actor)
        return .created(.init(body: .json(ProgrammeMapping.report(report))))
    }

    func listReportsAwaitingReview(_ input: Operations.ListReportsAwaitingReview.Input) async throws
        -> Operations.ListReportsAwaitingReview.Output
    {
        let page = try await services.programmes.reportsAwaitingReview(page: try page(limit: input.query.limit, cursor: input.query.cursor),
                                                                       by: actor)
        return .ok(.init(body: .json(.init(items: page.items.map(ProgrammeMapping.report), nextCursor: page.nextCursor))))
    }

    func reviewIndicatorReport(_ input: Operations.ReviewIndicatorReport.Input) async throws -> Operations.ReviewIndicatorReport.Output {
        let body = switch input.body { case .json(let body): body }
        let report = try await services.programmes.review(try identifier(input.path.reportId, "report"), accept: body.decision == .accept,
                                                          comment: body.comment, by: actor)
        return .ok(.init(body: .json(ProgrammeMapping.report(report))))
    }
}
