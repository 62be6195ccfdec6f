import FTZCore
import Foundation
import SQLKit
import Storage

/// SQL for the applicants' ratings of delivered dossiers.
struct RatingRepository {
    private struct Row: Decodable { let dossier_id: UUID; let score: Int; let comment: String?; let rated_at: Date }

    func insert(_ rating: DossierRating, procedure: String, by rater: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO dossier_ratings (dossier_id, procedure_code, score, comment, rated_by, rated_at)
            VALUES (\(bind: rating.dossierID), \(bind: procedure), \(bind: rating.score), \(bind: rating.comment), \(bind: rater),
                    \(bind: rating.ratedAt))
            """).run()
    }

    func find(dossier: UUID, on sql: any SQLDatabase) async throws -> DossierRating? {
        try await sql.raw("SELECT dossier_id, score, comment, rated_at FROM dossier_ratings WHERE dossier_id = \(bind: dossier)")
            .first(decoding: Row.self).map { DossierRating(dossierID: $0.dossier_id, score: $0.score, comment: $0.comment, ratedAt: $0.rated_at) }
    }

    func figures(on sql: any SQLDatabase) async throws -> SatisfactionFigures {
        struct Counts: Decodable { let ratings: Int; let satisfied: Int? }
        let counts = try await sql.raw("""
            SELECT COUNT(*) AS ratings, SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS satisfied FROM dossier_ratings
            """).first(decoding: Counts.self)
        return SatisfactionFigures(ratings: counts?.ratings ?? 0, satisfied: counts?.satisfied ?? 0)
    }
}
