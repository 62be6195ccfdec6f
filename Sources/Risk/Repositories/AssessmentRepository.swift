import FTZCore
import Foundation
import RiskLearning
import SQLKit
import Storage

/// Assessments, one per declaration version, with the lane decisions made on them.
struct AssessmentRepository {
    /// An assessment as stored: the model value plus what training and the history replay read.
    struct Stored: Sendable {
        let assessment: RiskAssessment
        let day: Int
        let importer: String
        let declarant: String
        let lines: [DeclarationFacts]
        let features: [Float]
    }

    func insert(_ items: [Stored], on sql: any SQLDatabase) async throws {
        for chunk in SQLBatch.slices(items) {
            let rows = chunk.map { item -> SQLQueryString in
                let value = item.assessment
                return """
                    (\(bind: value.declarationID), \(bind: value.declarationNumber), \(bind: value.declarationVersion), \(bind: value.organisationID),
                     \(bind: value.registeredAt), \(bind: item.day), \(bind: item.importer), \(bind: item.declarant), \(bind: SQLJSON.encode(item.lines)),
                     \(bind: SQLJSON.encode(item.features.map { $0.isNaN ? nil : $0 })), \(bind: value.modelVersion), \(bind: value.score),
                     \(bind: SQLJSON.encode(value.reasons)), \(bind: value.recommendedLane.rawValue), \(bind: value.randomPick), \(bind: value.heldByBudget),
                     \(bind: value.lane.rawValue), \(bind: value.assessedAt), \(bind: value.version), \(bind: value.customsChannel?.rawValue))
                    """
            }
            try await sql.raw(SQLQueryString("""
                INSERT INTO risk_assessments (declaration_id, declaration_number, declaration_version, organisation_id, registered_at, day,
                    importer, declarant, lines, features, model_version, score, reasons, recommended_lane, random_pick, held_by_budget, lane,
                    assessed_at, version, customs_channel) VALUES
                """) + SQLBatch.joined(rows) + " ON CONFLICT DO NOTHING").run()
        }
    }

    /// What was recommended on a day so far.
    func dayCounts(_ day: Int, on sql: any SQLDatabase) async throws -> LaneSelection.DayCounts {
        struct Row: Decodable { let recommended_lane: String; let count: Int }
        var counts = LaneSelection.DayCounts()
        for row in try await sql.raw("""
            SELECT recommended_lane, COUNT(*) AS count FROM risk_assessments WHERE day = \(bind: day) GROUP BY recommended_lane
            """).all(decoding: Row.self) {
            counts.assessed += row.count
            if row.recommended_lane == Lane.red.rawValue { counts.red += row.count }
            if row.recommended_lane == Lane.yellow.rawValue { counts.yellow += row.count }
        }
        return counts
    }

    func find(_ declarationID: UUID, lock: Bool = false, on sql: any SQLDatabase) async throws -> Stored? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM risk_assessments WHERE declaration_id = \(bind: declarationID)"
            + "\(unsafeRaw: sql.rowLock(lock))").first(decoding: Row.self)?.stored
    }

    /// Assessments not yet decided by an officer, highest score first (unscored ones last,
    /// strictest lane first among them).
    func queue(lane: Lane?, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<RiskAssessment> {
        var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns), \(unsafeRaw: Self.priority) AS priority FROM risk_assessments WHERE decided_at IS NULL"
        if let lane { query = query + " AND lane = \(bind: lane.rawValue)" }
        if let after = page.after, let cursor = Cursor(after) {
            query = query + " AND (\(unsafeRaw: Self.priority) < \(bind: cursor.priority) OR (\(unsafeRaw: Self.priority) = \(bind: cursor.priority)"
                + " AND declaration_id > \(bind: cursor.id)))"
        }
        query = query + " ORDER BY priority DESC, declaration_id LIMIT \(bind: page.limit + 1)"
        struct Ranked: Decodable { let row: Row; let priority: Double
            init(from decoder: any Decoder) throws {
                row = try Row(from: decoder)
                priority = try decoder.container(keyedBy: Key.self).decode(Double.self, forKey: .priority)
            }
            enum Key: String, CodingKey { case priority }
        }
        let fetched = try await sql.raw(query).all(decoding: Ranked.self)
        return Page(fetched: fetched, limit: page.limit) { "\($0.priority)|\($0.row.declaration_id.lowercasedString)" }
            .map { $0.row.stored.assessment }
    }

    /// The score if there is one, else the lane's severity below every score.
    static let priority = "COALESCE(score, CASE lane WHEN 'red' THEN -1 WHEN 'yellow' THEN -2 ELSE -3 END)"

    struct Cursor {
        let priority: Double
        let id: UUID

        init?(_ text: String) {
            let parts = text.split(separator: "|")
            guard parts.count == 2, let priority = Double(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
            self.priority = priority
            self.id = id
        }
    }

    func decide(_ declarationID: UUID, lane: Lane, reason: String, by officer: String, at: Date, decisionID: UUID, recommended: Lane,
                on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE risk_assessments SET lane = \(bind: lane.rawValue), decided_by = \(bind: officer), decision_reason = \(bind: reason),
                decided_at = \(bind: at), version = version + 1 WHERE declaration_id = \(bind: declarationID)
            """).run()
        try await sql.raw("""
            INSERT INTO risk_lane_decisions (id, declaration_id, recommended_lane, lane, reason, decided_by, decided_at)
            VALUES (\(bind: decisionID), \(bind: declarationID), \(bind: recommended.rawValue), \(bind: lane.rawValue), \(bind: reason),
                    \(bind: officer), \(bind: at))
            """).run()
    }

    /// Records outcomes on their assessments; returns the declarations that had one.
    func recordOutcomes(_ outcomes: [RiskOutcome], on sql: any SQLDatabase) async throws -> [Stored] {
        var recorded: [Stored] = []
        for outcome in outcomes {
            let rows = try await sql.raw("""
                UPDATE risk_assessments SET finding = \(bind: outcome.finding), revenue = \(bind: outcome.revenue),
                    inspected_at = \(bind: outcome.inspectedAt), version = version + 1
                WHERE declaration_id = \(bind: outcome.declarationID) AND inspected_at IS NULL RETURNING \(unsafeRaw: Self.columns)
                """).all(decoding: Row.self)
            recorded += rows.map(\.stored)
        }
        return recorded
    }

    /// Every assessment in time order, for rebuilding the features' history and for training.
    func all(inspectedOnly: Bool, on sql: any SQLDatabase) async throws -> [Stored] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM risk_assessments"
            + (inspectedOnly ? " WHERE inspected_at IS NOT NULL" : "") + " ORDER BY registered_at, declaration_id")
            .all(decoding: Row.self).map(\.stored)
    }

    func inspectedCount(on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let count: Int }
        return try await sql.raw("SELECT COUNT(*) AS count FROM risk_assessments WHERE inspected_at IS NOT NULL").first(decoding: Row.self)?.count ?? 0
    }

    /// Inspected assessments' findings per lane in force, per model version and for the random draw.
    struct HitCount: Decodable, Sendable {
        let lane: String
        let random_pick: Bool
        let model_version: Int?
        let inspected: Int
        let findings: Int
    }

    func hitCounts(on sql: any SQLDatabase) async throws -> [HitCount] {
        try await sql.raw("""
            SELECT lane, random_pick, model_version, COUNT(*) AS inspected,
                SUM(CASE WHEN finding = \(bind: true) THEN 1 ELSE 0 END) AS findings
            FROM risk_assessments WHERE inspected_at IS NOT NULL GROUP BY lane, random_pick, model_version
            """).all(decoding: HitCount.self)
    }

    struct AgreementCount: Decodable {
        let customs_channel: String
        let lane: String
        let count: Int
    }

    /// The latest assessed version of each declaration, counted by the channel VNACCS
    /// assigned and the zone's lane in force.
    func agreementCounts(on sql: any SQLDatabase) async throws -> [AgreementCount] {
        try await sql.raw("""
            SELECT customs_channel, lane, COUNT(*) AS count FROM risk_assessments current
            WHERE customs_channel IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM risk_assessments newer
                WHERE newer.declaration_number = current.declaration_number AND newer.declaration_version > current.declaration_version)
            GROUP BY customs_channel, lane
            """).all(decoding: AgreementCount.self)
    }

    static let columns = """
        declaration_id, declaration_number, declaration_version, organisation_id, registered_at, day, importer, declarant, lines, features,
        model_version, score, reasons, recommended_lane, random_pick, held_by_budget, lane, decided_by, decision_reason, decided_at, finding,
        revenue, inspected_at, assessed_at, version, customs_channel
        """

    struct Row: Decodable {
        let declaration_id: UUID
        let declaration_number: String
        let declaration_version: Int
        let organisation_id: UUID?
        let registered_at: Date
        let day: Int
        let importer: String
        let declarant: String
        let lines: String
        let features: String
        let model_version: Int?
        let score: Double?
        let reasons: String
        let recommended_lane: String
        let random_pick: Bool
        let held_by_budget: Bool
        let lane: String
        let decided_by: String?
        let decision_reason: String?
        let decided_at: Date?
        let finding: Bool?
        let revenue: Double?
        let inspected_at: Date?
        let assessed_at: Date
        let version: Int
        let customs_channel: String?

        var stored: Stored {
            let decision = zip3(decided_by, decision_reason, decided_at).map { officer, reason, at in
                RiskAssessment.Decision(lane: Lane(rawValue: lane) ?? .green, reason: reason, decidedBy: officer, decidedAt: at)
            }
            let outcome = inspected_at.map { RiskAssessment.Outcome(finding: finding ?? false, revenue: revenue ?? 0, inspectedAt: $0) }
            let assessment = RiskAssessment(
                declarationID: declaration_id, declarationNumber: declaration_number, declarationVersion: declaration_version,
                organisationID: organisation_id, registeredAt: registered_at, modelVersion: model_version, score: score,
                reasons: SQLJSON.decode([RiskAssessment.Reason].self, reasons) ?? [],
                recommendedLane: Lane(rawValue: recommended_lane) ?? .green, customsChannel: customs_channel.flatMap(Lane.init),
                randomPick: random_pick, heldByBudget: held_by_budget,
                lane: Lane(rawValue: lane) ?? .green, decision: decision, outcome: outcome, assessedAt: assessed_at, version: version)
            return Stored(assessment: assessment, day: day, importer: importer, declarant: declarant,
                          lines: SQLJSON.decode([DeclarationFacts].self, lines) ?? [],
                          features: (SQLJSON.decode([Float?].self, features) ?? []).map { $0 ?? .nan })
        }
    }
}

private func zip3<A, B, C>(_ a: A?, _ b: B?, _ c: C?) -> (A, B, C)? {
    guard let a, let b, let c else { return nil }
    return (a, b, c)
}
