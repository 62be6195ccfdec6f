import FTZCore
import Foundation
import Localization
import CatalogueFiles

/// The zone's trade settings (`Catalogue/<zone>/trade.yaml`): its locations, the customs
/// procedure types it receives, the alert rules that run and their thresholds, the HS
/// chapters of each licensed activity, and the time zones of the ports it trades with.
public struct TradeCatalogue: Sendable {
    /// A VNACCS procedure type code (mã loại hình), which way its goods go and under which
    /// regime, named in the five languages (the Vietnamese name is the customs list's).
    public struct DeclarationType: Sendable, Decodable, Equatable {
        public let code: String
        public let direction: TradeDirection
        public let regime: Regime
        public let name: LocalizedText

        /// The customs regime a code belongs to: the zone's rules key on the non-tariff-zone,
        /// bonded-warehouse and export-processing codes.
        public enum Regime: String, Sendable, Decodable, CaseIterable {
            case trading, temporary, processing, productionForExport, exportProcessing, bondedWarehouse, nonTariffZone, other
        }
    }

    /// Where the type codes come from: the customs decision, its version key, the day it took
    /// effect, and the verified fact of the zone's law reference it rests on.
    public struct DeclarationTypeTable: Sendable, Decodable, Equatable {
        public let version: String
        public let instrument: String
        public let effectiveFrom: String
        public let reference: String
        public let status: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

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

    /// An area of the zone where trucks may stop (one of the zone's sites as its founding
    /// decision draws them, a port's terminals, a logistics area), as a polygon of
    /// latitude/longitude vertices.
    public struct Area: Sendable, Decodable, Equatable {
        public enum Kind: String, Sendable, Decodable { case zoneSite, port, logistics }

        public let code: String
        public let name: String
        public let kind: Kind?
        public let polygon: [[Double]]
        /// Drawn by hand from public maps until the surveyed boundary is loaded: alerts
        /// that rest on it say so.
        public let approximate: Bool?
        /// For a zone site: its area in hectares, the commune-level units it lies in, and
        /// the instrument that establishes it with the law reference's fact id.
        public let hectares: Double?
        public let units: [String]?
        public let instrument: String?
        public let reference: String?

        /// Ray casting: a point on the far side of an odd number of edges is inside.
        public func contains(latitude: Double, longitude: Double) -> Bool {
            var inside = false
            var previous = polygon.count - 1
            for current in polygon.indices {
                let (yi, xi) = (polygon[current][0], polygon[current][1])
                let (yj, xj) = (polygon[previous][0], polygon[previous][1])
                if (yi > latitude) != (yj > latitude), longitude < (xj - xi) * (latitude - yi) / (yj - yi) + xi { inside.toggle() }
                previous = current
            }
            return inside
        }
    }

    /// How long raw telemetry is kept before only its series remain, and the series' bucket.
    public struct Telemetry: Sendable, Decodable, Equatable {
        public let rawRetentionDays: Int
        public let bucketMinutes: Int
        public static let standard = Telemetry(rawRetentionDays: 30, bucketMinutes: 15)
    }

    public let locations: [Location]
    public let alertRules: [AlertRule]
    public let authorisedAreas: [Area]
    public let telemetry: Telemetry
    /// VSIC division (2 digits) → HS chapters.
    public let activityChapters: [String: Set<Int>]
    /// Procedure type codes by code.
    public let declarationTypes: [String: DeclarationType]
    /// The source of ``declarationTypes``; nil for a zone that lists none.
    public let declarationTypeTable: DeclarationTypeTable?
    /// Where a place has no time zone of its own.
    public let zoneTimeZone: TimeZone
    /// IANA time zones per UN/LOCODE, for EDIFACT local times.
    public let timeZones: [String: TimeZone]

    private struct File: Decodable {
        let locations: [Location]
        let declarationTypes: [DeclarationType]?
        let declarationTypeTable: DeclarationTypeTable?
        let alertRules: [AlertRule]
        let authorisedAreas: [Area]?
        let telemetry: Telemetry?
        let activityChapters: [String: [Int]]
        let zoneTimeZone: String?
        let timeZones: [String: String]?
    }

    public init(locations: [Location], alertRules: [AlertRule], activityChapters: [String: Set<Int>],
                declarationTypes: [DeclarationType] = [], declarationTypeTable: DeclarationTypeTable? = nil,
                zoneTimeZone: TimeZone = TimeZone(identifier: "UTC")!,
                timeZones: [String: TimeZone] = [:], authorisedAreas: [Area] = [], telemetry: Telemetry = .standard) {
        self.locations = locations
        self.authorisedAreas = authorisedAreas
        self.telemetry = telemetry
        self.alertRules = alertRules
        self.activityChapters = activityChapters
        self.declarationTypes = Dictionary(declarationTypes.map { ($0.code, $0) }) { first, _ in first }
        self.declarationTypeTable = declarationTypeTable
        self.zoneTimeZone = zoneTimeZone
        self.timeZones = timeZones
    }

    public init(yaml: String) throws {
        let file = try CatalogueFile.decode(File.self, from: yaml, file: "trade.yaml")
        func zone(_ identifier: String, for place: String) throws -> TimeZone {
            guard let zone = TimeZone(identifier: identifier) else {
                throw Failure(description: "trade.yaml: \(place) names \(identifier), which is not an IANA time zone")
            }
            return zone
        }
        let types = file.declarationTypes ?? []
        if let repeated = Dictionary(grouping: types, by: \.code).first(where: { $0.value.count > 1 })?.key {
            throw Failure(description: "trade.yaml: declaration type \(repeated) is listed twice")
        }
        if let unnamed = types.first(where: { !$0.name.missingLanguages.isEmpty }) {
            throw Failure(description: "trade.yaml: declaration type \(unnamed.code) is not named in every language")
        }
        var timeZones: [String: TimeZone] = [:]
        for (place, identifier) in file.timeZones ?? [:] { timeZones[place] = try zone(identifier, for: place) }
        for area in file.authorisedAreas ?? [] where area.polygon.count < 3 || area.polygon.contains(where: { $0.count != 2 }) {
            throw Failure(description: "trade.yaml: authorised area \(area.code) needs at least three [latitude, longitude] vertices")
        }
        if let telemetry = file.telemetry, telemetry.rawRetentionDays < 1 || !(1...1440).contains(telemetry.bucketMinutes) {
            throw Failure(description: "trade.yaml: telemetry needs rawRetentionDays ≥ 1 and bucketMinutes between 1 and 1440")
        }
        self.init(locations: file.locations, alertRules: file.alertRules, activityChapters: file.activityChapters.mapValues(Set.init),
                  declarationTypes: types, declarationTypeTable: file.declarationTypeTable, zoneTimeZone: try zone(file.zoneTimeZone ?? "UTC", for: "zoneTimeZone"), timeZones: timeZones,
                  authorisedAreas: file.authorisedAreas ?? [], telemetry: file.telemetry ?? .standard)
    }

    /// The time zone of a place (the zone's own when unknown).
    public func timeZone(at location: UNLocode?) -> TimeZone {
        location.flatMap { timeZones[$0.rawValue] } ?? zoneTimeZone
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
