import Foundation

/// Decides a document's type from its bytes, never from the name or the claimed type:
/// only PDF, PNG, JPEG and ZIP-based office files (OOXML, OpenDocument) are accepted.
public enum ContentSniffer {
    public enum Kind: String, Sendable, CaseIterable {
        case pdf = "application/pdf"
        case png = "image/png"
        case jpeg = "image/jpeg"
        case docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case odt = "application/vnd.oasis.opendocument.text"
        case ods = "application/vnd.oasis.opendocument.spreadsheet"
    }

    public static func kind(of bytes: Data) -> Kind? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return office(bytes) }
        return nil
    }

    /// A ZIP is an office file only if its entries say so: OOXML has `[Content_Types].xml`
    /// and a `word/`, `xl/` or `ppt/` part; OpenDocument starts with a stored `mimetype`
    /// entry naming its type. Any other ZIP (an archive of anything) is refused.
    private static func office(_ bytes: Data) -> Kind? {
        let names = zipEntryNames(bytes)
        if names.first == "mimetype" {
            // The mimetype entry is stored uncompressed right after its 30-byte header and name.
            let header = 30 + "mimetype".utf8.count
            let text = String(decoding: bytes.dropFirst(header).prefix(60), as: UTF8.self)
            if text.hasPrefix(Kind.odt.rawValue) { return .odt }
            if text.hasPrefix(Kind.ods.rawValue) { return .ods }
            return nil
        }
        guard names.contains("[Content_Types].xml") else { return nil }
        if names.contains(where: { $0.hasPrefix("word/") }) { return .docx }
        if names.contains(where: { $0.hasPrefix("xl/") }) { return .xlsx }
        if names.contains(where: { $0.hasPrefix("ppt/") }) { return .pptx }
        return nil
    }

    /// Names of a ZIP's entries, read from its central directory (where every writer
    /// records names and sizes, unlike local headers), bounded so a hostile archive cannot
    /// make this loop long.
    static func zipEntryNames(_ bytes: Data, limit: Int = 5000) -> [String] {
        let data = [UInt8](bytes)
        func u16(_ at: Int) -> Int { at + 1 < data.count ? Int(data[at]) | Int(data[at + 1]) << 8 : 0 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record is in the last 22 + 65,535 bytes.
        guard data.count >= 22 else { return [] }
        var end = data.count - 22
        let floor = max(0, data.count - 22 - 65_535)
        while end >= floor, u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= floor else { return [] }
        let count = min(u16(end + 10), limit)
        var offset = u32(end + 16)
        var names: [String] = []
        for _ in 0..<count {
            guard offset + 46 <= data.count, u32(offset) == 0x0201_4B50 else { break }
            let nameLength = u16(offset + 28)
            let extraLength = u16(offset + 30)
            let commentLength = u16(offset + 32)
            guard offset + 46 + nameLength <= data.count else { break }
            names.append(String(decoding: data[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self))
            offset += 46 + nameLength + extraLength + commentLength
        }
        return names
    }
}
