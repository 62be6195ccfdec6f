import Foundation
import HTTPTypes

/// `Content-Disposition: attachment` with a stored file name (RFC 6266): an ASCII
/// fallback in `filename`, and the exact name, percent-encoded UTF-8, in `filename*`
/// (RFC 8187), so a Vietnamese or Japanese name survives and no name can break the header.
public enum ContentDisposition {
    public static func attachment(filename: String) -> String { value("attachment", filename: filename) }

    /// `inline` (shown by the browser where it can) or `attachment` (saved).
    public static func value(_ disposition: String, filename: String) -> String {
        let fallback = String(filename.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar != "%" ? Character(scalar) : "_"
        })
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        unreserved.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: unreserved) ?? fallback
        return "\(disposition); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
