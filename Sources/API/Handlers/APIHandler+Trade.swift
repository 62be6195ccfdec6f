import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Localization
import OpenAPIRuntime
import TradeData

extension APIHandler {
    var tradeMapping: TradeMapping {
        TradeMapping(language: RequestScope.current.language, messages: services.messages, catalogue: services.trade.catalogue)
    }

    /// The batch's records: as ``FeedBodyMiddleware`` read them, or as generated code decoded them.
    static func records(of batch: Components.Schemas.FeedBatch) -> [JSONValue] {
        RequestScope.current.feedRecords ?? batch.records.map(TradeMapping.json)
    }

    func ingestDeclarations(_ input: Operations.IngestDeclarations.Input) async throws -> Operations.IngestDeclarations.Output {
        let batch = switch input.body { case .json(let batch): batch }
        let report = try await services.trade.ingestDeclarations(Self.records(of: batch), by: actor)
        return .ok(.init(body: .json(tradeMapping.report(report))))
    }

    func ingestManifests(_ input: Operations.IngestManifests.Input) async throws -> Operations.IngestManifests.Output {
        let batch = switch input.body { case .json(let batch): batch }
        let report = try await services.trade.ingestManifests(Self.records(of: batch), by: actor)
        return .ok(.init(body: .json(tradeMapping.report(report))))
    }

    func ingestEvents(_ input: Operations.IngestEvents.Input) async throws -> Operations.IngestEvents.Output {
        let batch = switch input.body { case .json(let batch): batch }
        let report = try await services.trade.ingestEvents(Self.records(of: batch), by: actor)
        return .ok(.init(body: .json(tradeMapping.report(report))))
    }

    func ingestEDIFACT(_ input: Operations.IngestEDIFACT.Input) async throws -> Operations.IngestEDIFACT.Output {
        let body = switch input.body { case .applicationEdifact(let body): body }
        // The body limit middleware has already bounded the size.
        let bytes = try await [UInt8](collecting: body, upTo: .max)
        let report = try await services.trade.ingestEDIFACT(bytes, by: actor)
        return .ok(.init(body: .json(tradeMapping.report(report))))
    }

    func ingestSupervision(_ input: Operations.IngestSupervision.Input) async throws -> Operations.IngestSupervision.Output {
        let batch = switch input.body { case .json(let batch): batch }
        let report = try await services.trade.ingestSupervision(Self.records(of: batch), by: actor)
        return .ok(.init(body: .json(tradeMapping.report(report))))
    }

    func ingestTelemetry(_ input: Operations.IngestTelemetry.Input) async throws -> Operations.IngestTelemetry.Output {
        let batch = switch input.body { case .json(let batch): batch }
        let report = try await services.trade.ingestTelemetry(Self.records(of: batch), by: actor)
        return .ok(.init(body: .json(tradeMapping.report(report))))
    }

    func getContainerHistory(_ input: Operations.GetContainerHistory.Input) async throws -> Operations.GetContainerHistory.Output {
        .ok(.init(body: .json(tradeMapping.history(try await services.trade.history(of: input.path.container, by: actor)))))
    }

    func getDeclaration(_ input: Operations.GetDeclaration.Input) async throws -> Operations.GetDeclaration.Output {
        let versions = try await services.trade.declaration(input.path.number, by: actor)
        return .ok(.init(body: .json(.init(items: versions.map(TradeMapping.declaration)))))
    }

    func getTradeSummary(_ input: Operations.GetTradeSummary.Input) async throws -> Operations.GetTradeSummary.Output {
        let summary = try await services.trade.summary(of: try identifier(input.path.organisationId, "organisation"), by: actor)
        return .ok(.init(body: .json(TradeMapping.summary(summary))))
    }

    func listAlerts(_ input: Operations.ListAlerts.Input) async throws -> Operations.ListAlerts.Output {
        let mapping = tradeMapping
        let page = try await services.trade.alerts(status: input.query.status.flatMap { Alert.Status(rawValue: $0.rawValue) },
                                                   container: input.query.container, organisation: nil,
                                                   page: try page(limit: input.query.limit, cursor: input.query.cursor), by: actor)
        return .ok(.init(body: .json(.init(items: page.items.map(mapping.alert), nextCursor: page.nextCursor))))
    }

    func getAlert(_ input: Operations.GetAlert.Input) async throws -> Operations.GetAlert.Output {
        let alert = try await services.trade.alert(try identifier(input.path.alertId, "alert"), by: actor)
        tag(version: alert.version)
        return .ok(.init(body: .json(tradeMapping.alert(alert))))
    }

    func transitionAlert(_ input: Operations.TransitionAlert.Input) async throws -> Operations.TransitionAlert.Output {
        let body = switch input.body { case .json(let body): body }
        let alert = try await services.trade.act(TradeService.AlertAction(body.action),
                                                 on: try identifier(input.path.alertId, "alert"), comment: body.comment,
                                                 expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        tag(version: alert.version)
        return .ok(.init(body: .json(tradeMapping.alert(alert))))
    }

    func followTradeStream(_ input: Operations.FollowTradeStream.Input) async throws -> Operations.FollowTradeStream.Output {
        let caller = actor
        var start: Int64
        if let after = input.query.after, after < 0 {
            throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("query:after", "minimum", arguments: ["min": "0"])])
        }
        if let header = input.headers.lastEventID {
            guard let position = Int64(header.trimmingCharacters(in: .whitespaces)), position >= 0 else {
                throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("header:Last-Event-ID", "wrong_type", arguments: ["expected": "integer"])])
            }
            start = position
        } else if let after = input.query.after {
            guard after >= 0 else { throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("query:after", "minimum", arguments: ["min": "0"])]) }
            start = after
        } else {
            start = try await services.trade.streamPosition(by: caller)
        }
        _ = try await services.trade.stream(after: start, limit: 1, by: caller)  // authorises before the stream opens
        let lease = try streams.acquire(for: caller.reference)
        let token = RequestScope.current.bearerToken ?? ""
        let authentication = services.authentication
        let mapping = tradeMapping
        let stream = LiveTradeStream(trade: services.trade, actor: caller, position: start,
                                     reauthenticate: { try await authentication.authenticate(bearer: token) },
                                     recheckSeconds: max(services.authentication.configuration.tokenCacheLifetime, 1), lease: lease,
                                     frame: mapping.streamFrame)
        let body = HTTPBody(stream, length: .unknown, iterationBehavior: .single)
        return .ok(.init(body: .textEventStream(body)))
    }
}
