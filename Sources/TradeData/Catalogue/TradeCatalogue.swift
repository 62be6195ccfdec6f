import FTZCore
import Foundation
import Localization
import Yams

/// The zone's trade settings (`Catalogue/<zone>/trade.yaml`): its locations, the alert
/// rules that run and their thresholds, and the HS chapters of each licensed activity.
public struct TradeCatalogue: Sendable {
    public struct Location: Sendable, Decodable, Equatable {
        public let unLocode: String
        public let facility: String
        public let kind: String
        public let name: String
        public let inZone: Bool
    }

    public struct AlertRule: Sendable, Decodable, Equatable {
        public let code: String
        public let kind: AlertRuleKind
        public let severity: String
        public let title: LocalizedText
        /// Hours per cargo type, for dwell-time rules.
        public let thresholds: [String: Double]?
    }

    public let locations: [Location]
    public let alertRules: [AlertRule]
    /// VSIC division (2 digits) → HS chapters.
    public let activityChapters: [String: Set<Int>]
    public let zoneUTCOffsetHours: Int
    /// Hours east of UTC per UN/LOCODE, for EDIFACT local times.
    public let utcOffsets: [String: Int]

    private struct File: Decodable {
        let locations: [Location]
        let alertRules: [AlertRule]
        let activityChapters: [String: [Int]]
        let zoneUTCOffsetHours: Int
        let utcOffsets: [String: Int]?
    }

    public init(locations: [Location], alertRules: [AlertRule], activityChapters: [String: Set<Int>], zoneUTCOffsetHours: Int = 0,
                utcOffsets: [String: Int] = [:]) {
        self.locations = locations
        self.alertRules = alertRules
        self.activityChapters = activityChapters
        self.zoneUTCOffsetHours = zoneUTCOffsetHours
        self.utcOffsets = utcOffsets
    }

    public init(yaml: String) throws {
        let file = try YAMLDecoder().decode(File.self, from: yaml)
        self.init(locations: file.locations, alertRules: file.alertRules, activityChapters: file.activityChapters.mapValues(Set.init),
                  zoneUTCOffsetHours: file.zoneUTCOffsetHours, utcOffsets: file.utcOffsets ?? [:])
    }

    /// Seconds east of UTC at a place (the zone's own when unknown).
    public func utcOffsetSeconds(at location: UNLocode?) -> Int {
        3600 * (location.flatMap { utcOffsets[$0.rawValue] } ?? zoneUTCOffsetHours)
    }

    /// The compiled-in catalogue, or `trade.yaml` in another zone's folder.
    public static func load(directory: URL?) throws -> TradeCatalogue {
        if let directory {
            let file = directory.appendingPathComponent("trade.yaml")
            return try TradeCatalogue(yaml: try String(contentsOf: file, encoding: .utf8))
        }
        guard let text = EmbeddedFiles.contents["Catalogue/hpftz/trade.yaml"] else {
            return TradeCatalogue(locations: [], alertRules: [], activityChapters: [:])
        }
        return try TradeCatalogue(yaml: text)
    }

    /// Whether a place is inside the zone: a listed facility, or any place of a zone
    /// UN/LOCODE when no facility is given and every listed facility there is in the zone.
    public func isInZone(_ location: UNLocode?, facility: String?) -> Bool {
        guard let location else { return false }
        let places = locations.filter { $0.unLocode == location.rawValue }
        if let facility { return places.first { $0.facility == facility }?.inZone ?? false }
        return !places.isEmpty && places.allSatisfy(\.inZone)
    }

    public func rule(_ kind: AlertRuleKind) -> AlertRule? { alertRules.first { $0.kind == kind } }
}
