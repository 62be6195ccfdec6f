import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Localization
import Risk
import RiskLearning

/// Risk values ⇄ generated API types, reasons in the caller's language.
struct RiskMapping {
    let language: Language
    let messages: MessageCatalogue

    func assessment(_ value: RiskAssessment) -> Components.Schemas.RiskAssessment {
        .init(declarationId: value.declarationID.lowercasedString, declarationNumber: value.declarationNumber,
              declarationVersion: value.declarationVersion, organisationId: value.organisationID?.lowercasedString,
              registeredAt: value.registeredAt, modelVersion: value.modelVersion, score: value.score, reasons: value.reasons.map(reason),
              recommendedLane: .init(value.recommendedLane), lane: .init(value.lane),
              customsChannel: value.customsChannel.map { .init($0) }, agreesWithCustoms: value.agreesWithCustoms,
              randomPick: value.randomPick, heldByBudget: value.heldByBudget,
              decision: value.decision.map { .init(lane: .init($0.lane), reason: $0.reason, decidedBy: $0.decidedBy,
                                                   decidedAt: $0.decidedAt) },
              outcome: value.outcome.map { .init(finding: $0.finding, revenue: $0.revenue, inspectedAt: $0.inspectedAt) },
              assessedAt: value.assessedAt, version: value.version)
    }

    func reason(_ reason: RiskAssessment.Reason) -> Components.Schemas.RiskReason {
        .init(kind: .init(reason.kind), code: reason.code, title: RiskTexts.title(of: reason, language, messages),
              value: reason.displayValue(language), effect: reason.effect, lane: reason.lane.map { .init($0) })
    }

    static func version(_ value: RiskModelVersion, hitRates: RiskService.HitRates?) -> Components.Schemas.RiskModelVersion {
        func rate(_ rate: RiskService.HitRates.Rate?) -> Components.Schemas.HitRate {
            .init(inspected: rate?.inspected ?? 0, findings: rate?.findings ?? 0, rate: rate?.rate)
        }
        return .init(version: value.version, trainedAt: value.trainedAt, trainedBy: value.trainedBy, trainingDigest: value.trainingDigest,
                     trainingRows: value.trainingRows, findings: value.findings,
                     metrics: value.metrics.map { .init(rows: $0.rows, findings: $0.findings, auc: $0.auc, precisionAt1: $0.precisionAt1,
                                                        precisionAt5: $0.precisionAt5, revenueRecallAt1: $0.revenueRecallAt1,
                                                        revenueRecallAt5: $0.revenueRecallAt5) },
                     thresholds: .init(red: value.thresholds.red, yellow: value.thresholds.yellow),
                     hitRates: hitRates.map { .init(red: rate($0.byLane[.red]), yellow: rate($0.byLane[.yellow]), green: rate($0.byLane[.green]),
                                                    randomSample: rate($0.randomSample)) })
    }
}
