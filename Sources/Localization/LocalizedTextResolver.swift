/// Resolves the texts of one response in the caller's language and remembers every fallback
/// language it had to use, so the response can say so (`fallbackLanguages`).
public final class LocalizedTextResolver {
    public let language: Language
    private var fallbacks: Set<Language> = []

    public init(_ language: Language) { self.language = language }

    public func callAsFunction(_ localized: LocalizedText) -> String {
        let (text, used) = localized.resolve(language)
        if used != language { fallbacks.insert(used) }
        return text
    }

    /// The languages some texts came in instead of the one asked for, sorted.
    public var fallbackLanguages: [String] { fallbacks.sorted().map(\.rawValue) }
}
