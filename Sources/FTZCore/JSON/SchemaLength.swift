extension StringProtocol {
    /// A string's length as JSON Schema's `minLength` and `maxLength` count it: in code points.
    /// Swift's `count` counts grapheme clusters, fewer when marks or emoji modifiers combine,
    /// so limits checked with it disagree with the published contract.
    public var schemaLength: Int { unicodeScalars.count }
}
