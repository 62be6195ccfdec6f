/// PDF text strings (ISO 32000-1 §7.9.2), written and read.
enum PDFTextString {
    /// A literal `( … )` for plain ASCII, else a hex string of UTF-16BE with its byte order
    /// mark: Vietnamese names and reasons need characters PDFDocEncoding lacks.
    static func encode(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            var literal = "("
            for character in text {
                if character == "(" || character == ")" || character == "\\" { literal.append("\\") }
                literal.append(character)
            }
            return literal + ")"
        }
        let units = [0xFEFF] + Array(text.utf16)
        return "<" + units.map { hex(UInt16($0)) }.joined() + ">"
    }

    /// The text of a string's bytes: UTF-16BE after a byte order mark, UTF-8 after its
    /// mark (PDF 2.0), otherwise PDFDocEncoding, read as Latin-1 (they agree on what
    /// signature dictionaries use).
    static func decode(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFE, 0xFF]) {
            let body = bytes.dropFirst(2)
            let units = stride(from: body.startIndex, to: body.endIndex - 1, by: 2).map { UInt16(body[$0]) << 8 | UInt16(body[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(decoding: bytes.dropFirst(3), as: UTF8.self)
        }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    private static func hex(_ unit: UInt16) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(unit >> 12)], digits[Int(unit >> 8 & 0xF)], digits[Int(unit >> 4 & 0xF)], digits[Int(unit & 0xF)]])
    }
}
