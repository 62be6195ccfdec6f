import FTZCore
import Foundation
import Ledger
import RiskLearning
import Storage

extension RiskService {
    public static let maximumReasonLength = 1_000

    /// A customs officer confirms the recommended lane or overrides it; an override needs a
    /// reason. Once decided, the lane stands. Both are ledgered, for auditors only.
    public func decideLane(of declarationID: UUID, lane: Lane, reason: String?, expectedVersion: Int?, by actor: Actor) async throws
        -> RiskAssessment
    {
        try Self.requireCustomsOfficer(actor)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason.count > Self.maximumReasonLength {
            throw Problem.invalid("/reason", "too_long", arguments: ["max": String(Self.maximumReasonLength)])
        }
        return try await database.transaction { tx in
            guard let stored = try await self.assessments.find(declarationID, lock: true, on: tx.sql) else {
                throw Problem.notFound("risk_assessment")
            }
            let current = stored.assessment
            if let expectedVersion, expectedVersion != current.version { throw Problem.staleVersion() }
            if current.decision != nil { throw Problem.conflict("lane_already_decided") }
            let overridden = lane != current.recommendedLane
            if overridden, reason.isEmpty { throw Problem.invalid("/reason", "required_for_override") }
            let now = self.clock.now()
            let recorded = reason.isEmpty ? "confirmed" : reason
            try await self.assessments.decide(declarationID, lane: lane, reason: recorded, by: actor.reference, at: now,
                                              decisionID: UUID.v7(at: now), recommended: current.recommendedLane, on: tx.sql)
            _ = try await self.ledger.append(LedgerEvent(
                action: overridden ? "risk.lane.overridden" : "risk.lane.confirmed", subjectType: "declaration",
                subjectID: "\(current.declarationNumber)/\(current.declarationVersion)", organisationID: current.organisationID,
                payload: [
                    "recommendedLane": .string(current.recommendedLane.rawValue), "lane": .string(lane.rawValue),
                    "modelVersion": current.modelVersion.map { .integer(Int64($0)) } ?? .null,
                    "score": current.score.map(JSONValue.number) ?? .null, "randomPick": .bool(current.randomPick),
                ],
                personalData: ["reason": .string(recorded)], visibility: .internal), by: actor, in: tx)
            guard let updated = try await self.assessments.find(declarationID, on: tx.sql) else { throw Problem.notFound("risk_assessment") }
            return updated.assessment
        }
    }
}
