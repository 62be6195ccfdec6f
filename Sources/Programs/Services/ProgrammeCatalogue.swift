import FTZCore
import Foundation
import Localization
import Yams

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
        return try YAMLDecoder().decode([ProgrammeSeed].self, from: text)
    }

    static func load(directory: URL) throws -> [ProgrammeSeed] {
        let file = directory.appendingPathComponent("programmes.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try YAMLDecoder().decode([ProgrammeSeed].self, from: try String(contentsOf: file, encoding: .utf8))
    }
}

/// What the programme catalogue needs from elsewhere in the system.
public protocol ProgrammeEnvironment: Sendable {
    /// The code (`DOIT`, `DOFA`) of a department organisation, to match reporters with indicators.
    func departmentCode(of organisation: UUID) async throws -> String?
    /// A live measurement of this system (problem 10's own indicators).
    func measure(_ metric: String) async throws -> LiveMeasurement
}

/// A value computed from the system's own data.
public enum LiveMeasurement: Sendable, Equatable {
    case value(Double)
    /// A distribution, e.g. registered capital by country.
    case breakdown([Part])
    /// Not measurable yet, and why (no data, capability not running).
    case unavailable(String)

    public struct Part: Sendable, Equatable {
        public let key: String
        public let value: Double
        public init(key: String, value: Double) {
            self.key = key
            self.value = value
        }
    }
}
