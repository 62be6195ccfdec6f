import FTZCore
import Foundation
import Localization
import CatalogueFiles

/// The programmes as shipped in `Catalogue/<zone>/programmes.yaml`, for the first seed.
struct ProgrammeSeed: Decodable {
    struct IndicatorSeed: Decodable {
        let code: String
        let group: String?
        let name: LocalizedText
        let unit: String
        let direction: Direction
        let baseline: Baseline?
        let target: Target?
        let dataSource: String
        let responsibleDepartment: String?
        let live: String?
    }

    let number: Int
    let code: String
    let title: LocalizedText
    let leadSectors: [String]
    let leadDepartment: String?
    let legalBasis: LocalizedText
    let expectedResults: LocalizedText
    let indicators: [IndicatorSeed]

    static func bundled() throws -> [ProgrammeSeed] {
        guard let text = EmbeddedFiles.contents["Catalogue/hpftz/programmes.yaml"] else { return [] }
        return try CatalogueFile.decode([ProgrammeSeed].self, from: text, file: "programmes.yaml")
    }

    static func load(directory: URL) throws -> [ProgrammeSeed] {
        let file = directory.appendingPathComponent("programmes.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try CatalogueFile.decode([ProgrammeSeed].self, from: try String(contentsOf: file, encoding: .utf8), file: "programmes.yaml")
    }
}

/// What the programme catalogue needs from elsewhere in the system.
public protocol ProgrammeEnvironment: Sendable {
    /// The code (`DOIT`, `DOFA`) of a department organisation, to match reporters with indicators.
    func departmentCode(of organisation: UUID) async throws -> String?
    /// Today's date in the zone (its time zone decides when a period has ended).
    func today() async throws -> LocalDate
    /// A live measurement of this system (problem 10's own indicators).
    func measure(_ metric: String) async throws -> LiveMeasurement
}

/// A value computed from the system's own data: a headline figure (assessed against the
/// indicator's target), a breakdown (e.g. capital by country), or why there is none.
public struct LiveMeasurement: Sendable, Equatable {
    public var value: Double?
    public var breakdown: [Part]
    /// Set when nothing could be measured (no data yet, capability not running).
    public var unavailableReason: String?

    public init(value: Double?, breakdown: [Part] = [], unavailableReason: String? = nil) {
        self.value = value
        self.breakdown = breakdown
        self.unavailableReason = unavailableReason
    }

    public static func value(_ value: Double) -> LiveMeasurement { LiveMeasurement(value: value) }
    public static func unavailable(_ reason: String) -> LiveMeasurement { LiveMeasurement(value: nil, unavailableReason: reason) }

    public struct Part: Sendable, Equatable {
        public let key: String
        public let value: Double
        /// When the part is in another unit than the indicator (capital in VND beside USD).
        public let unit: String?
        public init(key: String, value: Double, unit: String? = nil) {
            self.key = key
            self.value = value
            self.unit = unit
        }
    }
}
