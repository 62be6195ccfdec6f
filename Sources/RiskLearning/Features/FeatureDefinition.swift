import Foundation
import Localization

/// One risk feature as the zone's catalogue defines it: which computation, over what history,
/// and how people read it. Another zone adds, drops or reorders features in its own
/// `risk.yaml`; a model is trained on, and stores, the definitions it was given.
public struct FeatureDefinition: Sendable, Codable, Equatable {
    /// The computations the project implements; a catalogue picks among them.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// log(1 + declared value).
        case declaredValue = "declared_value"
        case dutyRate = "duty_rate"
        case hsChapter = "hs_chapter"
        /// Robust z-score (median and MAD of recent history) of log unit value for the same
        /// HS code and origin; of log unit value for the HS code alone; of log value per kg.
        case unitValueAgainstCodeAndOrigin = "unit_value_z_code_origin"
        case unitValueAgainstCode = "unit_value_z_code"
        case valuePerKilogramAgainstCode = "value_per_kg_z_code"
        /// log(value / kg) and log(value / quantity) themselves.
        case weightValueRatio = "weight_value_ratio"
        case quantityValueRatio = "quantity_value_ratio"
        /// The share of this origin among the HS code's past declarations (rare origins stand out).
        case originShareForCode = "origin_share_code"
        case importerDeclarations = "importer_declarations"
        case importerFindings = "importer_findings"
        case importerFindingRate = "importer_finding_rate"
        /// Days since the importer became known (missing when unknown).
        case importerAgeDays = "importer_age_days"
        /// 1 when the importer has never declared this HS code before.
        case importerNewCode = "importer_new_code"
        case declarantDeclarations = "declarant_declarations"
        case declarantFindings = "declarant_findings"
        case declarantFindingRate = "declarant_finding_rate"
        /// 1 when the HS chapter is among the importer's licensed activities, 0 when not.
        case chapterLicensed = "chapter_licensed"
        case transhipments
        case dwellHours = "dwell_hours"
        /// 1 when the port of loading is in another country than the declared origin.
        case loadingOutsideOrigin = "loading_outside_origin"
        /// The share of the importer's past declarations that went red, and yellow or red.
        case importerRedShare = "importer_red_share"
        case importerControlShare = "importer_control_share"
    }

    public let code: String
    public let kind: Kind
    /// Past declarations needed before a history statistic means something; below it the
    /// feature is missing, and the model learns what missing means.
    public let minimumHistory: Int?
    public let title: LocalizedText
    /// How a value is written in an explanation: a number, a yes/no, or a z-score.
    public let display: Display?

    public enum Display: String, Sendable, Codable {
        case number, flag, zScore = "z_score", percent

        /// A value as a person reads it ("12 %", "✓", "−3.4 σ"), or nil when missing.
        public func format(_ value: Float, _ language: Language) -> String? {
            guard !value.isNaN else { return nil }
            switch self {
            case .flag: return value >= 0.5 ? "✓" : "✗"
            case .percent: return LocaleFormat.decimal(String(format: "%.1f", Double(value) * 100), language) + " %"
            case .zScore: return LocaleFormat.decimal(String(format: "%+.1f", Double(value)), language) + " σ"
            case .number:
                let rounded = abs(value) >= 100 ? String(format: "%.0f", Double(value)) : String(format: "%.2f", Double(value))
                return LocaleFormat.decimal(rounded, language)
            }
        }
    }

    public init(code: String, kind: Kind, minimumHistory: Int? = nil, title: LocalizedText, display: Display? = nil) {
        self.code = code
        self.kind = kind
        self.minimumHistory = minimumHistory
        self.title = title
        self.display = display
    }
}
