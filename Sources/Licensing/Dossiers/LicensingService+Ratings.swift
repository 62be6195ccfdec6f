import FTZCore
import Foundation
import Ledger
import Storage

/// The applicant's rating of the service once the result is delivered (a certificate, a
/// refusal, a stop notice): 1 to 5 with an optional comment, once per dossier, as the
/// national public service portal asks. Programme 10 counts the satisfied share.
public struct DossierRating: Sendable, Equatable {
    public let dossierID: UUID
    public let score: Int
    public let comment: String?
    public let ratedAt: Date
}

/// How satisfied applicants were: how many rated, and how many gave 4 or 5.
public struct SatisfactionFigures: Sendable, Equatable {
    public let ratings: Int
    public let satisfied: Int
    public var satisfiedShare: Double? { ratings == 0 ? nil : Double(satisfied) / Double(ratings) }
}

extension LicensingService {
    /// The statuses in which the applicant has had the result and may rate the service.
    public static let ratedStatuses: Set<DossierStatus> = [.certificateIssued, .refused, .stopped]
    static let maximumRatingComment = 2_000

    /// Records the owner's rating of a delivered dossier; a second rating is refused.
    public func rate(_ id: UUID, score: Int?, comment: String?, by actor: Actor) async throws -> DossierRating {
        try actor.require(anyOf: .investor)
        let dossier = try await dossier(id, by: actor)
        guard dossier.organisationID == actor.organisationID else { throw Problem.notFound("dossier") }
        guard Self.ratedStatuses.contains(dossier.status) else {
            throw Problem.conflict("rating_not_open", arguments: ["status": dossier.status.rawValue])
        }
        var validator = FieldValidator()
        validator.check(score.map { (1...5).contains($0) } ?? false, "/score", "rating_score")
        let trimmed = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = trimmed?.isEmpty == false ? trimmed : nil
        if let text { validator.check(text.count <= Self.maximumRatingComment, "/comment", "too_long", arguments: ["max": "2000"]) }
        try validator.finish()
        let rating = DossierRating(dossierID: id, score: score ?? 0, comment: text, ratedAt: clock.now())
        try await database.transaction { tx in
            guard try await self.ratings.find(dossier: id, on: tx.sql) == nil else { throw Problem.conflict("already_rated") }
            do {
                try await self.ratings.insert(rating, procedure: dossier.procedureCode, by: actor.reference, on: tx.sql)
            } catch where UniqueViolation.matches(error) {
                throw Problem.conflict("already_rated")  // rated by a concurrent request
            }
            // The score is the record; the comment is the person's words, kept out of the chain.
            try await self.ledger.append(LedgerEvent(action: "licensing.dossier.rated", subjectType: "dossier", subjectID: id.lowercasedString,
                                                     organisationID: dossier.organisationID,
                                                     payload: ["score": .integer(Int64(rating.score)), "procedure": .string(dossier.procedureCode)],
                                                     personalData: text.map { ["comment": .string($0)] }),
                                         by: actor, in: tx)
        }
        return rating
    }

    /// The rating given to a dossier, for whoever may read the dossier.
    public func rating(of id: UUID, by actor: Actor) async throws -> DossierRating? {
        _ = try await dossier(id, by: actor)
        return try await database.read { try await self.ratings.find(dossier: id, on: $0) }
    }

    /// Every rating given: how many, and how many were 4 or 5 (the programme's indicator).
    public func satisfaction() async throws -> SatisfactionFigures {
        try await database.read { try await self.ratings.figures(on: $0) }
    }
}
