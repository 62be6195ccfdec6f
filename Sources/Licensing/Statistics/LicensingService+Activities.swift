import FTZCore
import Foundation
import SQLKit
import Storage

extension LicensingService {
    /// The economic activities (VSIC codes) an organisation is licensed for, from its issued
    /// investment and enterprise certificates; nil when it holds none (not licensed here).
    public func licensedActivities(of organisation: UUID) async throws -> [String]? {
        struct Row: Decodable { let form: String }
        let rows = try await database.read { sql in
            try await sql.raw("""
                SELECT form FROM dossiers WHERE organisation_id = \(bind: organisation)
                AND status = \(bind: DossierStatus.certificateIssued.rawValue) AND procedure_code IN (\(binds: Self.capitalFields.map(\.procedure)))
                """).all(decoding: Row.self)
        }
        guard !rows.isEmpty else { return nil }
        var activities: [String] = []
        for row in rows {
            guard let form = try? JSONDecoder().decode(JSONValue.self, from: Data(row.form.utf8)) else { continue }
            if let code = form["vsicCode"]?.stringValue { activities.append(code) }
            if case .array(let lines)? = form["businessLines"] { activities += lines.compactMap(\.stringValue) }
        }
        return Array(Set(activities)).sorted()
    }
}
