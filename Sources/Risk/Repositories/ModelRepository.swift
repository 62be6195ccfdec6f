import Foundation
import RiskLearning
import SQLKit
import Storage

/// Model versions: each trained model kept with what it was trained on and how it measured.
struct ModelRepository {
    struct Stored: Sendable {
        let summary: RiskModelVersion
        let model: RiskModel
    }

    func nextVersion(on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let latest: Int? }
        return (try await sql.raw("SELECT MAX(version) AS latest FROM risk_models").first(decoding: Row.self)?.latest ?? 0) + 1
    }

    func insert(_ version: RiskModelVersion, model: RiskModel, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO risk_models (version, trained_at, trained_by, training_digest, training_rows, findings, metrics, thresholds, model)
            VALUES (\(bind: version.version), \(bind: version.trainedAt), \(bind: version.trainedBy), \(bind: version.trainingDigest),
                    \(bind: version.trainingRows), \(bind: version.findings), \(bind: version.metrics.map { SQLJSON.encode($0) }),
                    \(bind: SQLJSON.encode(version.thresholds)), \(bind: SQLJSON.encode(model)))
            """).run()
    }

    /// The newest model, which scores new declarations.
    func latest(on sql: any SQLDatabase) async throws -> Stored? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns), model FROM risk_models ORDER BY version DESC LIMIT 1")
            .first(decoding: Row.self).flatMap(\.stored)
    }

    /// Versions newest first, without their trees.
    func list(on sql: any SQLDatabase) async throws -> [RiskModelVersion] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM risk_models ORDER BY version DESC").all(decoding: Row.self).compactMap(\.summary)
    }

    static let columns = "version, trained_at, trained_by, training_digest, training_rows, findings, metrics, thresholds"

    struct Row: Decodable {
        let version: Int
        let trained_at: Date
        let trained_by: String
        let training_digest: String
        let training_rows: Int
        let findings: Int
        let metrics: String?
        let thresholds: String
        let model: String?

        var summary: RiskModelVersion? {
            guard let thresholds = SQLJSON.decode(LaneSelection.Thresholds.self, thresholds) else { return nil }
            return RiskModelVersion(version: version, trainedAt: trained_at, trainedBy: trained_by, trainingDigest: training_digest,
                                    trainingRows: training_rows, findings: findings,
                                    metrics: metrics.flatMap { SQLJSON.decode(InspectionMetrics.self, $0) }, thresholds: thresholds)
        }

        var stored: Stored? {
            guard let summary, let model = model.flatMap({ SQLJSON.decode(RiskModel.self, $0) }) else { return nil }
            return Stored(summary: summary, model: model)
        }
    }
}
