import FTZCore
import Foundation

/// The activities an enterprise's issued certificates license, which trade data checks
/// declared goods against.
extension LicensingService {
    /// The economic activities (VSIC codes) an organisation is licensed for, from its issued
    /// investment and enterprise certificates; nil when it holds none (not licensed here).
    public func licensedActivities(of organisation: UUID) async throws -> [String]? {
        let procedures = try await catalogue.capitalFields().map(\.procedure)
        let rows = try await database.read { sql in
            try await self.reports.issuedForms(procedures: procedures, organisation: organisation, on: sql)
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
