/// Numbers and money written for people in each language; machine fields stay ISO
/// (`{"amount": "1500000", "currency": "VND"}`).
///
/// Vietnamese groups thousands with `.` and writes decimals with `,` ("1.500.000 ₫");
/// English, Chinese, Korean and Japanese group with `,` and use `.` ("1,500,000 VND").
public enum LocaleFormat {
    static func separators(_ language: Language) -> (group: Character, decimal: Character) {
        language == .vi ? (".", ",") : (",", ".")
    }

    /// A plain decimal string (`1500000`, `-12.5`) with the language's separators.
    public static func decimal(_ text: String, _ language: Language) -> String {
        let (group, decimal) = separators(language)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = Array(parts.first ?? "0")
        var grouped: [Character] = []
        for (position, digit) in integer.enumerated() {
            if position > 0, (integer.count - position) % 3 == 0 { grouped.append(group) }
            grouped.append(digit)
        }
        var result = String(grouped)
        if parts.count == 2, !parts[1].isEmpty { result += String(decimal) + parts[1] }
        return (negative ? "-" : "") + result
    }

    public static func decimal(_ value: Int, _ language: Language) -> String { decimal(String(value), language) }

    /// An amount with its currency: "1.500.000 ₫", "1,500,000 VND", "12.50 USD".
    public static func money(amount: String, currency: String, _ language: Language) -> String {
        let symbol = language == .vi && currency == "VND" ? "₫" : currency
        return "\(decimal(amount, language)) \(symbol)"
    }

    /// A size people read on an upload form: "20 MB", "512 KB", "1,5 MB" (powers of 1,024, as
    /// file browsers show them).
    public static func fileSize(_ bytes: Int, _ language: Language) -> String {
        if bytes < 1 << 20 { return "\(decimal(max(1, (bytes + 1023) >> 10), language)) KB" }
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        let text = tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
        return "\(decimal(text, language)) MB"
    }
}
