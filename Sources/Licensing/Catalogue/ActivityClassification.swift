import FTZCore
import Localization

/// The classification of economic activities enterprises register their business lines in
/// (VSIC 2025, Decision 36/2025/QĐ-TTg, in force 15 November 2025; law reference F7.1): its
/// sections, divisions and 4-digit classes with their names. A code means something only
/// with its version (1104 is malt in VSIC 2025, soft drinks in VSIC 2018), so the version
/// and its date travel with the list.
public struct ActivityClassification: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var code: String
        public var name: LocalizedText
    }

    /// "VSIC2025".
    public var version: String
    public var instrument: String
    public var effectiveFrom: LocalDate
    public var source: LegalSource
    public var sections: [Entry]
    public var divisions: [Entry]
    public var classes: [Entry]

    /// The class with this 4-digit code, if the classification has it.
    public func activity(_ code: String) -> Entry? { classes.first { $0.code == code } }
}
