import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Risk
import RiskLearning

extension APIHandler {
    var riskMapping: RiskMapping { RiskMapping(language: RequestScope.current.language, messages: services.messages) }

    func ingestInspections(_ input: Operations.IngestInspections.Input) async throws -> Operations.IngestInspections.Output {
        let batch = switch input.body { case .json(let batch): batch }
        let report = try await services.trade.ingestInspections(Self.records(of: batch), by: actor)
        return .ok(.init(body: .json(tradeMapping.report(report))))
    }

    func listRiskQueue(_ input: Operations.ListRiskQueue.Input) async throws -> Operations.ListRiskQueue.Output {
        let mapping = riskMapping
        let page = try await services.risk.queue(lane: input.query.lane.flatMap { Lane(rawValue: $0.rawValue) },
                                                 page: try page(limit: input.query.limit, cursor: input.query.cursor), by: actor)
        return .ok(.init(body: .json(.init(items: page.items.map(mapping.assessment), nextCursor: page.nextCursor))))
    }

    func getRiskAssessment(_ input: Operations.GetRiskAssessment.Input) async throws -> Operations.GetRiskAssessment.Output {
        let assessment = try await services.risk.assessment(of: try identifier(input.path.declarationId, "risk_assessment"), by: actor)
        tag(version: assessment.version)
        return .ok(.init(body: .json(riskMapping.assessment(assessment))))
    }

    func decideLane(_ input: Operations.DecideLane.Input) async throws -> Operations.DecideLane.Output {
        let body = switch input.body { case .json(let body): body }
        let assessment = try await services.risk.decideLane(
            of: try identifier(input.path.declarationId, "risk_assessment"), lane: Lane(rawValue: body.lane.rawValue) ?? .green,
            reason: body.reason, expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        tag(version: assessment.version)
        return .ok(.init(body: .json(riskMapping.assessment(assessment))))
    }

    func listRiskModels(_ input: Operations.ListRiskModels.Input) async throws -> Operations.ListRiskModels.Output {
        let versions = try await services.risk.modelVersions(by: actor)
        return .ok(.init(body: .json(.init(items: versions.map { RiskMapping.version($0.version, hitRates: $0.hitRates) }))))
    }

    func trainRiskModel(_ input: Operations.TrainRiskModel.Input) async throws -> Operations.TrainRiskModel.Output {
        let version = try await services.risk.train(by: actor)
        return .created(.init(body: .json(RiskMapping.version(version, hitRates: nil))))
    }
}
