import Foundation

/// A BCP 47 language tag, case-normalised (`zh-Hans`, `en-GB`, `vi`).
///
/// Only the shape is checked (subtags of 1–8 letters or digits, a 2–3 letter or
/// 4–8 letter primary language); which tags the service speaks is Localization's job.
public struct LanguageTag: Hashable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String
    public var description: String { rawValue }
    public var subtags: [Substring] { rawValue.split(separator: "-") }

    public init(_ text: String) throws(ValueError) {
        let parts = text.replacingOccurrences(of: "_", with: "-").split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...8).contains(primary.count), primary.allSatisfy(\.isLetter),
              primary.allSatisfy(\.isASCII) else { throw ValueError("language_tag.format") }
        var normalised: [String] = [primary.lowercased()]
        for subtag in parts.dropFirst() {
            guard (1...8).contains(subtag.count), subtag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ValueError("language_tag.format")
            }
            // RFC 5646 §2.1.1: scripts title case, regions upper case, everything else lower case.
            if subtag.count == 4, subtag.allSatisfy(\.isLetter) {
                normalised.append(subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased())
            } else if subtag.count == 2, subtag.allSatisfy(\.isLetter) {
                normalised.append(subtag.uppercased())
            } else {
                normalised.append(subtag.lowercased())
            }
        }
        rawValue = normalised.joined(separator: "-")
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
