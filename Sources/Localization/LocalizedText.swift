import Foundation


/// A text in several languages, as procedures, reasons and department names carry it.
public struct LocalizedText: Sendable, Codable, Equatable {
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    /// The text in `language`, else English, else Vietnamese, and which language it is in.
    public func resolve(_ language: Language) -> (text: String, language: Language) {
        for candidate in language.fallbackChain {
            if let text = values[candidate.rawValue], !text.isEmpty { return (text, candidate) }
        }
        return (values.values.first ?? "", language)
    }

    public func text(_ language: Language) -> String { resolve(language).text }

    /// Languages of the service this text lacks.
    public var missingLanguages: [Language] { Language.allCases.filter { (values[$0.rawValue] ?? "").isEmpty } }
}
