import Foundation

/// Text as people type it when they look for something: "Hai Phong", "hải  phòng" and
/// "HẢI PHÒNG," are the same words. Folding lowers the case, drops the diacritics (đ and Đ,
/// a letter of their own in Vietnamese, become d), and turns every run of anything that is
/// not a letter or a digit into one space. Names in other scripts (대한민국, 海防) stay whole.
public enum TextFolding {
    public static func folded(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        let spaced = plain.map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(spaced).split(separator: " ").joined(separator: " ")
    }

    /// The folded words of a query, each once, in the order typed.
    public static func words(_ text: String) -> [String] {
        var seen = Set<Substring>()
        return folded(text).split(separator: " ").filter { seen.insert($0).inserted }.map(String.init)
    }
}
