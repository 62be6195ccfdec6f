/// The plausibility check the API applies to e-mail addresses, the same rule as the
/// OpenAPI pattern `^[^@\s\x00-\x1F\x7F-\x9F]+@[^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*$`.
///
/// It works on Unicode scalars, not on Swift characters: a combining mark or an emoji
/// modifier after "@" joins it into one grapheme cluster, and a character-level split
/// would then find no "@" in an address the published schema accepts.
public enum EmailAddress {
    public static let maximumLength = 254

    public static func isPlausible(_ address: String) -> Bool {
        guard address.schemaLength <= maximumLength else { return false }
        let scalars = address.unicodeScalars
        guard !scalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            return false
        }
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
    }
}
