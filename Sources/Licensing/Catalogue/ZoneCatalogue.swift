import FTZCore
import Foundation
import CatalogueFiles
import Localization
import Yams

/// Everything zone-specific, as shipped in `Catalogue/<zone>/`: the zone's names and
/// reference prefix, its departments, refusal reasons, procedures and holiday calendars.
/// Another economic zone runs the same binary with its own folder (`FTZ_CATALOGUE_DIR`).
public struct ZoneCatalogue: Sendable {
    public struct Zone: Sendable, Codable, Equatable {
        public var code: String
        public var name: LocalizedText
        public var authority: LocalizedText
        public var referencePrefix: String
        /// Between the prefix and the procedure's type in a dossier's receipt number
        /// (`HPFTZ-HS-IRC-2026-000123`, HS for hồ sơ); absent: none.
        public var referenceInfix: String?
        public var currency: String
        public var unLocode: String
        /// When the one-stop desk receives filings; absent: all day on working days.
        public var officeHours: OfficeHours?
        /// The place name written before the date on the printed forms ("Hải Phòng, ngày …").
        public var place: String?
        /// The national dossier code's format, when the zone's dossiers get one from the
        /// provincial one-stop system; absent: none is recorded.
        public var nationalDossierCode: NationalDossierCode?
        /// Time limits the law leaves to a decree that could not be read: the zone's setting,
        /// its default and its source. A procedure names one with `timeLimitSetting`.
        public var timeLimits: [String: TimeLimitSetting]?
    }

    public struct TimeLimitSetting: Sendable, Codable, Equatable {
        public var days: Int
        public var counted: DayCount
        public var source: LegalSource
    }

    public struct Department: Sendable, Codable, Equatable {
        public var code: String
        public var name: LocalizedText
    }

    public struct Reason: Sendable, Codable, Equatable {
        public var code: String
        public var text: LocalizedText
    }

    public var zone: Zone
    public var departments: [Department]
    public var refusalReasons: [Reason]
    public var procedures: [Procedure]
    public var calendarYears: [WorkingCalendar.Year]
    /// The one-stop mechanism's printed forms, numbered (one-stop-forms.yaml; optional).
    public var oneStopForms: [OneStopForm] = []
    /// The city's commune-level units and abolished districts (places.yaml; optional).
    public var places: PlaceDirectory?
    /// The classification business lines are registered in (vsic-2025.yaml; optional).
    public var activities: ActivityClassification?
    /// The investor guide's questionnaire, when the zone ships one.
    public var guide: EligibilityGuide?

    public enum Source: Sendable {
        /// The Hai Phong FTZ catalogue compiled into the binary.
        case bundled
        case directory(URL)
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let file: String
        public let reason: String
        public var description: String { "catalogue file \(file): \(reason)" }
    }

    /// Reads and decodes a catalogue. Decoding recurses deeply, so it runs on a ``DeepStack``
    /// thread whoever calls; files too large or too deeply nested are refused with a
    /// ``LoadError`` naming them. The bundled catalogue is decoded once per process and shared.
    public static func load(_ source: Source) throws -> ZoneCatalogue {
        switch source {
        case .bundled: return try bundled.get()
        case .directory: return try read(source)
        }
    }

    private static let bundled = Result { try read(.bundled) }

    private static func read(_ source: Source) throws -> ZoneCatalogue {
        let contents = try files(source)
        return try DeepStack.run { try decode(contents) }
    }

    /// The catalogue's YAML files by their path inside it.
    static func files(_ source: Source) throws -> [String: String] {
        switch source {
        case .bundled:
            return Dictionary(uniqueKeysWithValues: EmbeddedFiles.contents.compactMap { path, text in
                path.hasPrefix("Catalogue/hpftz/") ? (String(path.dropFirst("Catalogue/hpftz/".count)), text) : nil
            })
        case .directory(let root):
            var found: [String: String] = [:]
            let enumerator = FileManager.default.enumerator(atPath: root.path)
            while let name = enumerator?.nextObject() as? String {
                guard name.hasSuffix(".yaml") else { continue }
                let file = root.appendingPathComponent(name)
                // Refused before it is read whole: a huge file is a mistake, not a catalogue.
                if let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int,
                   let reason = CatalogueFile.sizeRefusal(size) {
                    throw LoadError(file: name, reason: reason)
                }
                found[name] = try String(contentsOf: file, encoding: .utf8)
            }
            return found
        }
    }

    /// Decodes the files on the calling thread: call it on a ``DeepStack`` thread.
    static func decode(_ files: [String: String]) throws -> ZoneCatalogue {
        func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
            guard let text = files[name] else { throw LoadError(file: name, reason: "missing") }
            let node = try composed(text, name)
            do { return try YAMLDecoder().decode(T.self, from: node) } catch { throw LoadError(file: name, reason: "\(error)") }
        }
        let zone = try decode(Zone.self, "zone.yaml")
        let procedures = try ProcedureFiles.decode(files.keys.sorted().filter { $0.hasPrefix("procedures/") }.map { ($0, files[$0]!) })
            .map { try $0.withZoneSettings(zone) }
        var years: [WorkingCalendar.Year] = []
        for name in files.keys.sorted() where name.hasPrefix("calendar/") {
            years.append(try decode(WorkingCalendar.Year.self, name))
        }
        let guide = try files["guide.yaml"].map { _ in try decode(EligibilityGuide.self, "guide.yaml") }
        let forms = try files["one-stop-forms.yaml"].map { _ in try decode([OneStopForm].self, "one-stop-forms.yaml") } ?? []
        let places = try files["places.yaml"].map { _ in try decode(PlaceDirectory.self, "places.yaml") }
        let activities = try files["vsic-2025.yaml"].map { _ in try decode(ActivityClassification.self, "vsic-2025.yaml") }
        return ZoneCatalogue(zone: zone, departments: try decode([Department].self, "departments.yaml"),
                             refusalReasons: try decode([Reason].self, "refusal-reasons.yaml"), procedures: procedures,
                             calendarYears: years, oneStopForms: forms, places: places, activities: activities, guide: guide)
    }

    /// One file's node tree within ``CatalogueFile``'s bounds, a refusal reported as a ``LoadError``.
    static func composed(_ text: String, _ name: String, resolver: Resolver = .basic) throws -> Node {
        do { return try CatalogueFile.compose(text, file: name, resolver: resolver) } catch let refusal as CatalogueFile.Refusal {
            throw LoadError(file: name, reason: refusal.reason)
        }
    }

    public func department(_ code: String) -> Department? { departments.first { $0.code == code } }
    public func reason(_ code: String) -> Reason? { refusalReasons.first { $0.code == code } }
}
