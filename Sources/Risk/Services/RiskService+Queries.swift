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

    /// How often the zone's lane matches the channel VNACCS assigned, over the latest
    /// version of each declaration: the live indicator of whether the recommendation and
    /// the binding channel agree.
    public func laneAgreement() async throws -> LaneAgreement {
        LaneAgreement(try await database.read { try await self.assessments.agreementCounts(on: $0) })
    }

    public struct LaneAgreement: Sendable, Equatable {
        public struct Share: Sendable, Equatable {
            public let declarations: Int
            public let agreeing: Int
            public var rate: Double? { declarations > 0 ? Double(agreeing) / Double(declarations) : nil }
        }

        /// Per channel VNACCS assigned: how many declarations, and how many the zone put in that lane.
        public let byCustomsChannel: [Lane: Share]
        public var overall: Share {
            Share(declarations: byCustomsChannel.values.reduce(0) { $0 + $1.declarations },
                  agreeing: byCustomsChannel.values.reduce(0) { $0 + $1.agreeing })
        }

        init(_ counts: [AssessmentRepository.AgreementCount]) {
            var shares: [Lane: (Int, Int)] = [:]
            for count in counts {
                guard let channel = Lane(rawValue: count.customs_channel) else { continue }
                shares[channel, default: (0, 0)].0 += count.count
                if count.lane == count.customs_channel { shares[channel, default: (0, 0)].1 += count.count }
            }
            byCustomsChannel = shares.mapValues { Share(declarations: $0.0, agreeing: $0.1) }
        }
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
