import FTZCore
import Foundation
import Ledger
import Logging
import RiskLearning
import SQLKit
import Storage
import Synchronization

/// Risk targeting of customs declarations: each declaration is assessed as it arrives
/// (features from what came before, the newest model's score, the catalogue's profiles,
/// a lane within the day's budget, a random draw from green), officers confirm or
/// override the lane, inspection outcomes label the assessments, and `train` learns the
/// next model version from them. Staff only: a declarant never sees its assessment.
public final class RiskService: Sendable {
    let database: Database
    let ledger: Ledger
    let clock: any WallClock
    public let catalogue: RiskCatalogue
    let logger: Logger
    /// Hours east of UTC of the zone, whose calendar day a budget counts.
    let utcOffsetHours: Int
    let assessments = AssessmentRepository()
    let models = ModelRepository()
    let history = HistoryCache()
    /// The newest model as last read, so that a batch asks only for its version number.
    let newestModel = Mutex<ModelRepository.Stored?>(nil)

    public init(database: Database, ledger: Ledger, clock: any WallClock, catalogue: RiskCatalogue, utcOffsetHours: Int, logger: Logger) {
        self.database = database
        self.ledger = ledger
        self.clock = clock
        self.catalogue = catalogue
        self.utcOffsetHours = utcOffsetHours
        self.logger = logger
    }

    /// Who may read assessments, the queue and the model versions: the authority's staff,
    /// auditors, and customs officers.
    static func requireReader(_ actor: Actor) throws {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        if case .system = actor.principal { return }  // the service's own jobs and indicators
        if actor.hasAny(.ezaOfficer, .ezaApprover, .auditor, .admin) { return }
        try requireCustomsOfficer(actor)
    }

    /// Whether `actor` may decide lanes (the console's menu asks).
    public static func decidesLanes(_ actor: Actor) -> Bool { (try? requireCustomsOfficer(actor)) != nil }

    /// Lanes are customs' to decide: an officer of a customs organisation.
    static func requireCustomsOfficer(_ actor: Actor) throws {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard actor.has(.departmentOfficer), actor.organisationKind == .customs else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": Role.departmentOfficer.rawValue])
        }
    }

    /// The zone's calendar day of an instant, as a day number.
    func day(of instant: Date) -> Int {
        Int(((instant.timeIntervalSince1970 + Double(utcOffsetHours * 3600)) / 86_400).rounded(.down))
    }

    /// The newest stored model, read again only when its version changed.
    func currentModel(on sql: any SQLDatabase) async throws -> ModelRepository.Stored? {
        let newest = try await models.nextVersion(on: sql) - 1
        if let held = newestModel.withLock({ $0 }), held.summary.version == newest { return held }
        guard newest > 0, let loaded = try await models.latest(on: sql) else { return nil }
        newestModel.withLock { $0 = loaded }
        return loaded
    }

    /// Rebuilds the features' history from every stored assessment, oldest first.
    func loadHistory(on sql: any SQLDatabase) async throws -> RiskHistory {
        var history = RiskHistory()
        for stored in try await assessments.all(inspectedOnly: false, on: sql) {
            for line in stored.lines { history.observe(line, lane: stored.assessment.recommendedLane) }
            if let outcome = stored.assessment.outcome {
                history.recordOutcome(importer: stored.importer, declarant: stored.declarant, finding: outcome.finding)
            }
        }
        return history
    }
}
