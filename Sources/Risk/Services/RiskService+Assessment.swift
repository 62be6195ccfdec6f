import FTZCore
import Foundation
import RiskLearning
import Storage

extension RiskService {
    /// Assesses newly accepted declarations inside the transaction that stores them:
    /// features, score, reasons and the recommended lane. Returns the assessments in the
    /// order of `subjects`; a declaration already assessed is not assessed again.
    @discardableResult
    public func assess(_ subjects: [RiskSubject], in tx: Transaction) async throws -> [RiskAssessment] {
        guard !subjects.isEmpty else { return [] }
        let model = try await currentModel(on: tx.sql)
        let definitions = model?.model.features ?? catalogue.features
        let extractor = FeatureExtractor(definitions: definitions)
        var days: [Int: LaneSelection.DayCounts] = [:]
        for day in Set(subjects.map { self.day(of: $0.registeredAt) }) { days[day] = try await assessments.dayCounts(day, on: tx.sql) }
        let now = clock.now()
        let catalogue = self.catalogue
        let sql = tx.sql
        tx.afterRollback { [history] in history.invalidate() }
        let stored = try await history.with(load: { try await self.loadHistory(on: sql) }) { history -> [AssessmentRepository.Stored] in
            subjects.sorted { $0.registeredAt < $1.registeredAt }.map { subject in
                let rows = subject.lines.map { extractor.features(of: $0, history: history) }
                let scores = rows.map { model?.model.score($0) }
                // The riskiest line speaks for the declaration: the highest score, else the first.
                let riskiest = scores.indices.max { (scores[$0]?.probability ?? 0) < (scores[$1]?.probability ?? 0) } ?? 0
                var seen = Set<String>()
                let profiles = catalogue.profiles.filter { profile in
                    rows.contains { profile.matches($0, features: definitions) } && seen.insert(profile.code).inserted
                }
                let day = self.day(of: subject.registeredAt)
                let score = scores.isEmpty ? nil : scores[riskiest]
                let selection = LaneSelection.choose(probability: score?.probability, thresholds: model?.summary.thresholds, profiles: profiles,
                                                     budget: catalogue.budget, draw: LaneSelection.draw(for: subject.declarationID),
                                                     day: &days[day, default: .init()])
                for line in subject.lines { history.observe(line, lane: selection.lane) }
                let assessment = RiskAssessment(
                    declarationID: subject.declarationID, declarationNumber: subject.number, declarationVersion: subject.version,
                    organisationID: subject.organisationID, registeredAt: subject.registeredAt, modelVersion: model?.summary.version,
                    score: score?.probability, reasons: Self.reasons(selection, contributions: score?.contributions ?? []),
                    recommendedLane: selection.lane, customsChannel: subject.customsChannel, randomPick: selection.randomPick, heldByBudget: selection.heldByBudget,
                    lane: selection.lane, decision: nil, outcome: nil, assessedAt: now, version: 1)
                return AssessmentRepository.Stored(assessment: assessment, day: day, importer: subject.importer, declarant: subject.declarant,
                                                   lines: subject.lines, features: rows.isEmpty ? [] : rows[riskiest])
            }
        }
        try await assessments.insert(stored, on: tx.sql)
        let byID = Dictionary(stored.map { ($0.assessment.declarationID, $0.assessment) }, uniquingKeysWith: { first, _ in first })
        return subjects.compactMap { byID[$0.declarationID] }
    }

    /// The reasons in the order an officer reads them: what forced the lane, then the
    /// features that moved the score most.
    static func reasons(_ selection: LaneSelection, contributions: [RiskModel.Contribution]) -> [RiskAssessment.Reason] {
        var reasons = selection.profiles.map {
            RiskAssessment.Reason(kind: .profile, code: $0.code, title: $0.title, display: nil, value: nil, effect: nil, lane: $0.lane)
        }
        if selection.randomPick {
            reasons.append(.init(kind: .random, code: "random_sample", title: nil, display: nil, value: nil, effect: nil, lane: .red))
        }
        if selection.heldByBudget {
            reasons.append(.init(kind: .budget, code: "daily_budget", title: nil, display: nil, value: nil, effect: nil, lane: selection.scoreLane))
        }
        reasons += contributions.map {
            RiskAssessment.Reason(kind: .feature, code: $0.feature.code, title: $0.feature.title, display: $0.feature.display,
                                  value: $0.value.isNaN ? nil : $0.value, effect: $0.effect, lane: nil)
        }
        return reasons
    }

    /// Labels assessments with what their inspections found, inside the transaction that
    /// stores the outcomes; the next training learns from them.
    public func recordOutcomes(_ outcomes: [RiskOutcome], in tx: Transaction) async throws {
        guard !outcomes.isEmpty else { return }
        let recorded = try await assessments.recordOutcomes(outcomes, on: tx.sql)
        tx.afterRollback { [history] in history.invalidate() }
        let findings = Dictionary(outcomes.map { ($0.declarationID, $0.finding) }, uniquingKeysWith: { first, _ in first })
        history.ifLoaded { history in
            for stored in recorded {
                history.recordOutcome(importer: stored.importer, declarant: stored.declarant,
                                      finding: findings[stored.assessment.declarationID] ?? false)
            }
        }
    }
}
