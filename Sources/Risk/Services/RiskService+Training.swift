import Crypto
import FTZCore
import Foundation
import Ledger
import RiskLearning
import Storage

extension RiskService {
    /// Trains the next model version from every inspected declaration: a first fit on the
    /// oldest four fifths is measured on the newest fifth (the metrics stored with the
    /// version), then the stored model is fitted on all of them. The version, the digest of
    /// its training rows, its parameters and metrics enter the ledger.
    public func train(by actor: Actor) async throws -> RiskModelVersion {
        if case .system = actor.principal {} else { try actor.require(anyOf: .admin) }
        let definitions = catalogue.features
        let width = definitions.count
        // Rows assessed under other feature definitions do not fit this catalogue's columns.
        let rows = try await database.read { try await self.assessments.all(inspectedOnly: true, on: $0) }
            .filter { $0.features.count == width }
        let labels = rows.map { UInt8($0.assessment.outcome?.finding == true ? 1 : 0) }
        let findings = labels.reduce(0) { $0 + Int($1) }
        guard rows.count >= catalogue.minimumOutcomes, findings > 0, findings < rows.count else {
            throw Problem.conflict("risk_training_data_insufficient", arguments: [
                "rows": String(rows.count), "findings": String(findings), "minimum": String(catalogue.minimumOutcomes),
            ])
        }
        let started = ContinuousClock.now
        let matrix = rows.flatMap(\.features)
        let trainer = GradientBoostingTrainer(parameters: catalogue.training)
        let metrics = Self.heldOutMetrics(rows: rows, matrix: matrix, labels: labels, width: width, trainer: trainer)
        let ensemble = trainer.train(features: matrix, labels: labels, featureCount: width)
        let model = RiskModel(features: definitions, parameters: catalogue.training, ensemble: ensemble,
                              trainingDigest: Self.digest(matrix, labels), trainingRows: rows.count, metrics: metrics)
        let thresholds = LaneSelection.Thresholds(scores: ensemble.probabilities(of: matrix, rows: 0..<rows.count), budget: catalogue.budget)
        let trainedAt = clock.now()
        let version = try await database.transaction { tx -> RiskModelVersion in
            let number = try await self.models.nextVersion(on: tx.sql)
            let version = RiskModelVersion(version: number, trainedAt: trainedAt, trainedBy: actor.reference, trainingDigest: model.trainingDigest,
                                           trainingRows: rows.count, findings: findings, metrics: metrics, thresholds: thresholds)
            try await self.models.insert(version, model: model, on: tx.sql)
            var payload: [String: JSONValue] = [
                "version": .integer(Int64(number)), "trainingDigest": .string(model.trainingDigest), "trainingRows": .integer(Int64(rows.count)),
                "findings": .integer(Int64(findings)), "trees": .integer(Int64(catalogue.training.trees)),
                "maxDepth": .integer(Int64(catalogue.training.maxDepth)), "learningRate": .number(catalogue.training.learningRate),
                "features": .array(definitions.map { .string($0.code) }),
                "redThreshold": .number(thresholds.red), "yellowThreshold": .number(thresholds.yellow),
            ]
            if let metrics {
                payload["auc"] = .number(metrics.auc)
                payload["precisionAt1"] = .number(metrics.precisionAt1)
                payload["precisionAt5"] = .number(metrics.precisionAt5)
                payload["revenueRecallAt5"] = .number(metrics.revenueRecallAt5)
            }
            _ = try await self.ledger.append(LedgerEvent(action: "risk.model.trained", subjectType: "risk_model", subjectID: String(number),
                                                         organisationID: nil, payload: .object(payload), visibility: .internal), by: actor, in: tx)
            return version
        }
        newestModel.withLock { $0 = nil }
        let elapsed = ContinuousClock.now - started
        logger.info("risk model trained", metadata: [
            "version": "\(version.version)", "rows": "\(rows.count)", "findings": "\(findings)",
            "seconds": "\(String(format: "%.2f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))",
            "auc": "\(metrics.map { String(format: "%.3f", $0.auc) } ?? "-")",
        ])
        return version
    }

    /// Trains when enough outcomes are recorded and some arrived since the newest version.
    public func trainIfNewOutcomes(by actor: Actor) async throws -> RiskModelVersion? {
        let (inspected, newest) = try await database.read { sql in
            (try await self.assessments.inspectedCount(on: sql), try await self.models.list(on: sql).first)
        }
        guard inspected >= catalogue.minimumOutcomes, inspected != newest?.trainingRows else { return nil }
        do { return try await train(by: actor) } catch let problem as Problem where problem.code == "risk_training_data_insufficient" { return nil }
    }

    /// Metrics of a fit on the oldest four fifths, on the newest fifth; nil when either part
    /// lacks a finding or a clean declaration.
    static func heldOutMetrics(rows: [AssessmentRepository.Stored], matrix: [Float], labels: [UInt8], width: Int,
                               trainer: GradientBoostingTrainer) -> InspectionMetrics? {
        let cut = rows.count * 4 / 5
        let early = labels[..<cut], late = labels[cut...]
        guard early.contains(1), early.contains(0), late.contains(1), late.contains(0) else { return nil }
        let ensemble = trainer.train(features: matrix, labels: labels, featureCount: width, rows: cut)
        return InspectionMetrics(scores: ensemble.probabilities(of: matrix, rows: cut..<rows.count), findings: Array(late), revenue: rows[cut...].map { $0.assessment.outcome?.revenue ?? 0 })
    }

    /// SHA-256 over the training rows' feature values (IEEE bits, little-endian) and labels.
    static func digest(_ matrix: [Float], _ labels: [UInt8]) -> String {
        var hash = SHA256()
        matrix.withUnsafeBufferPointer { values in
            let bits = values.map { $0.bitPattern.littleEndian }
            bits.withUnsafeBytes { hash.update(bufferPointer: $0) }
        }
        labels.withUnsafeBytes { hash.update(bufferPointer: $0) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
