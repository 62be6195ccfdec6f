import FTZCore
import Foundation
import Localization

/// The human-readable rendering of a certificate: one HTML page, Vietnamese first with
/// English beside it, as bilingual official documents are laid out. The signed content
/// (canonical JSON) is embedded verbatim, so what is read is what was signed.
enum CertificateRenderer {
    static func html(_ certificate: Certificate, zone: ZoneCatalogue.Zone, procedure: Procedure?) -> String {
        let content = certificate.contentValue
        let holder = content["holder"]
        let form = content["form"]
        var rows: [(String, String, String)] = [
            ("Số giấy chứng nhận", "Certificate number", certificate.number),
            ("Ngày cấp", "Date of issue", content["issuedOn"]?.stringValue ?? ""),
            ("Hồ sơ", "Dossier", content["dossierReference"]?.stringValue ?? ""),
            ("Tên tổ chức", "Holder", holder?["name"]?.stringValue ?? ""),
            ("Tên tiếng Anh / Latin", "Name in Latin letters", holder?["nameLatin"]?.stringValue ?? ""),
            ("Mã số thuế", "Tax code", holder?["taxCode"]?.stringValue ?? ""),
            ("Quốc gia", "Country", holder?["country"]?.stringValue ?? ""),
        ]
        if let supersedes = content["supersedes"]?.stringValue { rows.append(("Thay thế", "Supersedes", supersedes)) }
        if case .object(let fields)? = form {
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                let title = FormSchema(procedure?.form ?? [:]).property(key)?["x-title"]
                rows.append((title?["vi"]?.stringValue ?? key, title?["en"]?.stringValue ?? key, display(value)))
            }
        }
        let statusLine: String
        switch certificate.status {
        case .valid: statusLine = "Còn hiệu lực / Valid"
        case .revoked: statusLine = "Đã thu hồi / Revoked"
        case .superseded: statusLine = "Đã được thay thế bởi / Superseded by \(escape(certificate.supersededBy ?? ""))"
        }
        let title = procedure?.result
        return """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><title>\(escape(certificate.number))</title>
            <style>body{font-family:serif;max-width:50em;margin:2em auto}h1,h2,.centre{text-align:center}td{padding:.3em;border-bottom:1px solid #ccc;vertical-align:top}
            .en{color:#444;font-style:italic}pre{white-space:pre-wrap;word-break:break-all;font-size:.8em}</style></head><body>
            <p class="centre">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc<br>
            <span class="en" lang="en">SOCIALIST REPUBLIC OF VIET NAM — Independence - Freedom - Happiness</span></p>
            <p class="centre">\(escape(zone.authority.text(.vi)))<br><span class="en" lang="en">\(escape(zone.authority.text(.en)))</span></p>
            <h1>\(escape(title?.text(.vi) ?? certificate.certificateType))</h1>
            <h2 class="en" lang="en">\(escape(title?.text(.en) ?? certificate.certificateType))</h2>
            <table>
            \(rows.map { "<tr><td>\(escape($0.0))<br><span class=\"en\" lang=\"en\">\(escape($0.1))</span></td><td>\(escape($0.2))</td></tr>" }.joined(separator: "\n"))
            <tr><td>Tình trạng<br><span class="en" lang="en">Status</span></td><td>\(statusLine)</td></tr>
            </table>
            <h3>Chữ ký số / <span lang="en">Digital signature</span> (Ed25519, khóa / <span lang="en">key</span> \(escape(certificate.keyID)))</h3>
            <pre>\(escape(Data(certificate.signature).base64EncodedString()))</pre>
            <h3>Nội dung đã ký / <span lang="en">Signed content (RFC 8785)</span></h3>
            <pre>\(escape(certificate.content))</pre>
            <p>Kiểm tra tại / <span lang="en">Verify at</span>: /v1/certificates/\(escape(certificate.number))/verify</p>
            </body></html>
            """
    }

    private static func display(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "Có / Yes" : "Không / No"
        case .null: return ""
        case .array(let items): return items.map(display).joined(separator: ", ")
        case .object(let members):
            if let amount = members["amount"]?.stringValue, let currency = members["currency"]?.stringValue { return "\(amount) \(currency)" }
            return value.canonicalString
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
