import FTZCore
import Foundation
import RiskLearning

extension RiskService {
    public func assessment(of declarationID: UUID, by actor: Actor) async throws -> RiskAssessment {
        try Self.requireReader(actor)
        guard let stored = try await database.read({ try await self.assessments.find(declarationID, on: $0) }) else {
            throw Problem.notFound("risk_assessment")
        }
        return stored.assessment
    }

    /// Declarations awaiting an officer's lane decision, highest score first.
    public func queue(lane: Lane?, page: PageRequest, by actor: Actor) async throws -> Page<RiskAssessment> {
        try Self.requireReader(actor)
        return try await database.read { try await self.assessments.queue(lane: lane, page: page, on: $0) }
    }

    /// Every model version, newest first, each with the hit rates of what it assessed.
    public func modelVersions(by actor: Actor) async throws -> [(version: RiskModelVersion, hitRates: HitRates)] {
        try Self.requireReader(actor)
        let (versions, counts) = try await database.read { sql in
            (try await self.models.list(on: sql), try await self.assessments.hitCounts(on: sql))
        }
        return versions.map { version in (version, HitRates(counts.filter { $0.model_version == version.version })) }
    }

    /// The hit rates of everything inspected so far, for the programme catalogue's live indicators.
    public func hitRates() async throws -> HitRates {
        HitRates(try await database.read { try await self.assessments.hitCounts(on: $0) })
    }

    /// Findings among inspected declarations per lane in force, and in the random sample
    /// drawn from green: the sample's rate estimates what the model lets through.
    public struct HitRates: Sendable, Equatable {
        public struct Rate: Sendable, Equatable {
            public let inspected: Int
            public let findings: Int
            public var rate: Double? { inspected > 0 ? Double(findings) / Double(inspected) : nil }
        }

        public let byLane: [Lane: Rate]
        public let randomSample: Rate
        public var inspected: Int { byLane.values.reduce(0) { $0 + $1.inspected } }

        init(_ counts: [AssessmentRepository.HitCount]) {
            var lanes: [Lane: (Int, Int)] = [:]
            var random = (0, 0)
            for count in counts {
                guard let lane = Lane(rawValue: count.lane) else { continue }
                if count.random_pick {
                    random.0 += count.inspected
                    random.1 += count.findings
                } else {
                    lanes[lane, default: (0, 0)].0 += count.inspected
                    lanes[lane, default: (0, 0)].1 += count.findings
                }
            }
            byLane = lanes.mapValues { Rate(inspected: $0.0, findings: $0.1) }
            randomSample = Rate(inspected: random.0, findings: random.1)
        }
    }
}
