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
///
/// Everything here is a code or a number, never a sentence: the presentations name the
/// breakdown's keys (a country code, a VSIC division, a customs channel) and the reason in
/// the reader's language. A figure computed over counted things says how many (`sample`), so
/// a rate of 100 % over two declarations is not read as one over two thousand.
public struct LiveMeasurement: Sendable, Equatable {
    public var value: Double?
    public var breakdown: [Part]
    /// What the breakdown's keys are.
    public var breakdownBy: Dimension?
    /// How many things the headline value was computed over, and what they are.
    public var sample: Sample?
    /// Set when nothing could be measured (no data yet, capability not running).
    public var unavailable: Unavailable?

    public init(value: Double?, breakdown: [Part] = [], by dimension: Dimension? = nil, sample: Sample? = nil,
                unavailable: Unavailable? = nil) {
        self.value = value
        self.breakdown = breakdown
        self.breakdownBy = dimension
        self.sample = sample
        self.unavailable = unavailable
    }

    public static func value(_ value: Double, sample: Sample? = nil) -> LiveMeasurement { LiveMeasurement(value: value, sample: sample) }
    public static func unavailable(_ reason: Unavailable) -> LiveMeasurement { LiveMeasurement(value: nil, unavailable: reason) }

    public struct Part: Sendable, Equatable {
        public let key: String
        public let value: Double
        /// When the part is in another unit than the indicator (capital in VND beside USD).
        public let unit: String?
        /// How many things this part's value was computed over (of the measurement's kind),
        /// when the part is a rate of its own (the hit rate of one model version).
        public let sampleSize: Int?
        public init(key: String, value: Double, unit: String? = nil, sampleSize: Int? = nil) {
            self.key = key
            self.value = value
            self.unit = unit
            self.sampleSize = sampleSize
        }
    }

    /// The count behind a figure: `size` things of one kind.
    public struct Sample: Sendable, Equatable {
        public let size: Int
        public let of: Population
        public init(_ size: Int, of population: Population) {
            self.size = size
            self.of = population
        }
    }

    /// What a sample counts.
    public enum Population: String, Sendable, CaseIterable {
        /// Dossiers decided (licensing time, on-time rate).
        case decidedDossiers = "decided_dossiers"
        /// Dossiers filed, online and on paper (the online share).
        case filedDossiers = "filed_dossiers"
        /// Investment certificates issued (registered capital).
        case certificates
        /// Customs declarations (channel shares, lane agreement).
        case declarations
        /// Inspected declarations (hit rates).
        case inspections
        /// Containers that left the zone (dwell time).
        case containers
        /// Applicants' ratings of delivered dossiers (satisfaction).
        case ratings
    }

    /// What a breakdown's keys name.
    public enum Dimension: String, Sendable, CaseIterable {
        /// A procedure's code (`IRC-NEW`).
        case procedure
        /// `online` or `paper`.
        case filingChannel = "filing_channel"
        /// An ISO 3166-1 alpha-2 country code.
        case country
        /// A VSIC division's two digits, or `unclassified`.
        case sector
        /// A customs channel: `green`, `yellow`, `red`.
        case customsChannel = "customs_channel"
        /// A risk model's version number.
        case modelVersion = "model_version"
    }

    /// Why a live indicator has no value.
    public enum Unavailable: String, Sendable, CaseIterable {
        case noDecision = "no_decision"
        case noFiling = "no_filing"
        case noCertificate = "no_certificate"
        case noDeclaration = "no_declaration"
        case noContainerLeft = "no_container_left"
        case noLaneInspection = "no_lane_inspection"
        case noRandomInspection = "no_random_inspection"
        case noChannelAssessed = "no_channel_assessed"
        case noRating = "no_rating"
        /// The catalogue names a metric this system does not measure.
        case unknownMetric = "unknown_metric"
    }
}
