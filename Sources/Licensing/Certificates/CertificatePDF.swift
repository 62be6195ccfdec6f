import FTZCore
import Foundation
import Localization
import PDFWriter
import QRCode

/// A certificate as the A4 document a bank or a court reads: Vietnamese first with English
/// beneath each label, values written for people (dates in words, countries and positions
/// by name, money with its currency), a QR code to the public verification page, and room
/// for the Authority's PAdES signature (added by ``LicensingService/certificatePDF(_:by:)``).
/// The signed JSON stays the record; this page says what it says.
struct CertificatePDF {
    let certificate: Certificate
    let zone: ZoneCatalogue.Zone
    let procedure: Procedure?
    /// Where the QR code leads: the public verification page for this number.
    let verificationURL: String
    let countries: CountryNames

    static let margin = 56.7  // 20 mm
    static let labelWidth = 200.0
    /// The foot of the page is closer to the edge (15 mm) to leave the facts room.
    static let footMargin = 42.5
    /// The QR code's side: 28 mm, far above the smallest a phone reads at arm's length.
    static let codeSide = 80.0

    func document(signingTime: Date) throws -> PDFDocument {
        let regular = try Self.regular.get(), bold = try Self.bold.get()
        var page = PDFPage(size: .a4)
        let width = page.size.width - 2 * Self.margin
        let centre = page.size.width / 2
        var top = page.size.height - Self.margin

        // The national motto, then the Authority, each with its English beneath.
        top = page.drawParagraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x: Self.margin, top: top, width: width, font: bold, size: 11,
                                 alignment: .center)
        top = page.drawParagraph("Độc lập – Tự do – Hạnh phúc", x: Self.margin, top: top - 2, width: width, font: bold, size: 10.5,
                                 alignment: .center)
        top = page.drawParagraph("SOCIALIST REPUBLIC OF VIET NAM — Independence – Freedom – Happiness", x: Self.margin, top: top - 2,
                                 width: width, font: regular, size: 8.5, color: .gray(0.35), alignment: .center)
        page.drawLine(from: PDFPoint(x: centre - 60, y: top - 4), to: PDFPoint(x: centre + 60, y: top - 4), width: 0.6)
        top = page.drawParagraph(zone.authority.text(.vi).uppercased(), x: Self.margin, top: top - 14, width: width, font: bold, size: 10,
                                 alignment: .center)
        top = page.drawParagraph(zone.authority.text(.en), x: Self.margin, top: top - 1, width: width, font: regular, size: 8.5,
                                 color: .gray(0.35), alignment: .center)

        let title = procedure?.result
        top = page.drawParagraph((title?.text(.vi) ?? certificate.certificateType).uppercased(), x: Self.margin, top: top - 22, width: width,
                                 font: bold, size: 15, color: .hex(0x8B0000), alignment: .center)
        top = page.drawParagraph(title?.text(.en) ?? certificate.certificateType, x: Self.margin, top: top - 2, width: width, font: regular,
                                 size: 10, color: .gray(0.35), alignment: .center)
        top -= 16

        var pages: [PDFPage] = []
        // Room kept at the foot of the last page for the QR code and its words: a row that
        // could reach it starts a new page.
        let footer = Self.footMargin + Self.codeSide + 12
        for row in rows() {
            if top - 30 < footer {
                pages.append(page)
                page = PDFPage(size: .a4)
                top = page.size.height - Self.margin
            }
            let labelBottom = page.drawParagraph(row.vi, x: Self.margin, top: top, width: Self.labelWidth - 10, font: bold, size: 9.5)
            let englishBottom = page.drawParagraph(row.en, x: Self.margin, top: labelBottom - 1, width: Self.labelWidth - 10, font: regular,
                                                   size: 8, color: .gray(0.4))
            let valueBottom = page.drawParagraph(row.value, x: Self.margin + Self.labelWidth, top: top, width: width - Self.labelWidth,
                                                 font: regular, size: 10)
            top = min(englishBottom, valueBottom) - 6
            page.drawLine(from: PDFPoint(x: Self.margin, y: top + 3), to: PDFPoint(x: Self.margin + width, y: top + 3), width: 0.3,
                          color: .gray(0.8))
        }

        // The QR code at the foot, with the address in words beside it for those without a phone.
        let code = try QRCode.encode(verificationURL)
        let raster = code.grayscalePixels(scale: 4)
        let image = try PDFImage(width: raster.width, height: raster.height, colorSpace: .gray, pixels: raster.pixels)
        let side = Self.codeSide
        page.drawImage(image, in: PDFRect(x: Self.margin, y: Self.footMargin, width: side, height: side))
        let note = page.drawParagraph("Quét mã hoặc mở địa chỉ dưới đây để kiểm tra giấy chứng nhận còn hiệu lực:",
                                      x: Self.margin + side + 12, top: Self.footMargin + side - 8, width: width - side - 12, font: regular, size: 9)
        let english = page.drawParagraph("Scan the code or open this address to check that the certificate is valid:",
                                         x: Self.margin + side + 12, top: note - 1, width: width - side - 12, font: regular, size: 8,
                                         color: .gray(0.4))
        page.drawParagraph(verificationURL, x: Self.margin + side + 12, top: english - 4, width: width - side - 12, font: regular, size: 9,
                           color: .hex(0x1F4E79))

        var document = PDFDocument(info: PDFDocumentInfo(title: "\(title?.text(.vi) ?? certificate.certificateType) \(certificate.number)",
                                                         author: zone.authority.text(.vi), creationDate: certificate.issuedAt),
                                   language: "vi")
        for earlier in pages { document.append(earlier) }
        document.append(page)
        document.signatureField = PDFSignatureField(name: "AuthoritySignature", signingTime: signingTime,
                                                    reason: "Cấp giấy chứng nhận / Certificate issued", location: zone.name.text(.vi))
        return document
    }

    struct Row { let vi: String; let en: String; let value: String }

    /// The certificate's facts in reading order: its number and date, the holder, then the
    /// form's fields as the procedure titles them, and its state.
    func rows() -> [Row] {
        let content = certificate.contentValue
        let holder = content["holder"]
        var rows = [
            Row(vi: "Số giấy chứng nhận", en: "Certificate number", value: certificate.number),
            Row(vi: "Ngày cấp", en: "Date of issue", value: Self.bilingualDate(content["issuedOn"]?.stringValue.flatMap(LocalDate.init))),
            Row(vi: "Mã hồ sơ", en: "Dossier reference", value: content["dossierReference"]?.stringValue ?? ""),
            Row(vi: "Tên tổ chức", en: "Holder", value: [holder?["name"]?.stringValue, holder?["nameLatin"]?.stringValue]
                .compactMap { $0 }.joined(separator: "\n")),
            Row(vi: "Mã số thuế", en: "Tax code", value: holder?["taxCode"]?.stringValue ?? ""),
        ]
        if let country = holder?["country"]?.stringValue {
            rows.append(Row(vi: "Quốc gia", en: "Country", value: countryName(country)))
        }
        if let supersedes = content["supersedes"]?.stringValue { rows.append(Row(vi: "Thay thế giấy chứng nhận", en: "Supersedes", value: supersedes)) }
        let schema = FormSchema(procedure?.form ?? [:])
        if case .object(let fields)? = content["form"] {
            for name in schema.propertyOrder where fields[name] != nil && fields[name] != .null {
                let property = schema.property(name)
                rows.append(Row(vi: property?["x-title"]?["vi"]?.stringValue ?? name, en: property?["x-title"]?["en"]?.stringValue ?? name,
                                value: display(fields[name] ?? .null, property: property)))
            }
        }
        let state = switch certificate.status {
        case .valid: "Còn hiệu lực\nValid"
        case .revoked: "Đã thu hồi\nRevoked"
        case .superseded: "Đã được thay thế bởi \(certificate.supersededBy ?? "")\nSuperseded by \(certificate.supersededBy ?? "")"
        }
        rows.append(Row(vi: "Tình trạng", en: "Status", value: state))
        return rows
    }

    /// A form value as people read it, Vietnamese then English where they differ.
    func display(_ value: JSONValue, property: JSONValue?) -> String {
        switch value {
        case .string(let text):
            if let titles = property?["x-enum-titles"]?[text] {
                return [titles["vi"]?.stringValue, titles["en"]?.stringValue].compactMap { $0 }.joined(separator: "\n")
            }
            switch property?["format"]?.stringValue {
            case "country": return countryName(text)
            case "date": return Self.bilingualDate(LocalDate(text))
            default: return text
            }
        case .integer(let number): return LocaleFormat.decimal(Int(number), .vi)
        case .number(let number): return LocaleFormat.decimal(String(number), .vi)
        case .bool(let flag): return flag ? "Có\nYes" : "Không\nNo"
        case .null: return ""
        case .array(let items): return items.map { display($0, property: property?["items"]) }.joined(separator: "; ")
        case .object(let members):
            if let amount = members["amount"]?.stringValue, let currency = members["currency"]?.stringValue {
                return LocaleFormat.money(amount: amount, currency: currency, .vi)
            }
            return value.canonicalString
        }
    }

    func countryName(_ code: String) -> String {
        let vi = countries.name(code, .vi), en = countries.name(code, .en)
        return vi == en ? vi : "\(vi)\n\(en)"
    }

    /// "ngày 8 tháng 12 năm 2026" above "8 December 2026".
    static func bilingualDate(_ day: LocalDate?) -> String {
        guard let day else { return "" }
        let (year, month, date) = day.components
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "ngày \(date) tháng \(month) năm \(year)\n\(date) \(months[month - 1]) \(year)"
    }

    // The bundled fonts, read once.
    static let regular = Result { try BundledFont.dejaVuSans.load() }
    static let bold = Result { try BundledFont.dejaVuSansBold.load() }
}
