/// A PDF object as it is written in the file (ISO 32000-1 §7.3), with the place of each
/// string kept: a signature's byte range is checked against where its `/Contents` lies.
indirect enum PDFValue: Equatable {
    case dictionary([String: PDFValue])
    case array([PDFValue])
    case name(String)
    case integer(Int)
    case real(Double)
    /// A string's decoded bytes and, in the file, its span from the opening to the closing delimiter.
    case string(bytes: [UInt8], span: Range<Int>, isHex: Bool)
    case reference(number: Int, generation: Int)
    case boolean(Bool)
    case null

    var dictionary: [String: PDFValue]? {
        if case .dictionary(let entries) = self { entries } else { nil }
    }

    var textString: String? {
        if case .string(let bytes, _, _) = self { PDFTextString.decode(bytes) } else { nil }
    }
}

/// Reads one direct object from a position in a PDF file: enough of the syntax to read
/// signature dictionaries in uploaded files, with bounds so a hostile file cannot make it
/// recurse or run away.
struct PDFObjectReader {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "malformed PDF object at byte \(offset): \(reason)" }
    }

    private let bytes: [UInt8]
    private(set) var position: Int
    private var depth = 0
    private static let maximumDepth = 32

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func readValue() throws -> PDFValue {
        skipWhitespaceAndComments()
        guard let byte = peek() else { throw malformed("unexpected end of file") }
        switch byte {
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "<") { return try readDictionary() }
            return try readHexString()
        case UInt8(ascii: "("):
            return try readLiteralString()
        case UInt8(ascii: "["):
            return try readArray()
        case UInt8(ascii: "/"):
            return .name(try readName())
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumberOrReference()
        default:
            let word = readKeyword()
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "null": return .null
            default: throw malformed("unexpected \(word.isEmpty ? "character" : "keyword '\(word)'")")
            }
        }
    }

    private mutating func nested<T>(_ read: (inout PDFObjectReader) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw malformed("objects nested too deeply") }
        return try read(&self)
    }

    private mutating func readDictionary() throws -> PDFValue {
        position += 2
        return try nested { reader in
            var entries: [String: PDFValue] = [:]
            while true {
                reader.skipWhitespaceAndComments()
                guard let byte = reader.peek() else { throw reader.malformed("unterminated dictionary") }
                if byte == UInt8(ascii: ">"), reader.peek(1) == UInt8(ascii: ">") {
                    reader.position += 2
                    return .dictionary(entries)
                }
                guard byte == UInt8(ascii: "/") else { throw reader.malformed("dictionary key is not a name") }
                let key = try reader.readName()
                entries[key] = try reader.readValue()
            }
        }
    }

    private mutating func readArray() throws -> PDFValue {
        position += 1
        return try nested { reader in
            var elements: [PDFValue] = []
            while true {
                reader.skipWhitespaceAndComments()
                guard let byte = reader.peek() else { throw reader.malformed("unterminated array") }
                if byte == UInt8(ascii: "]") {
                    reader.position += 1
                    return .array(elements)
                }
                elements.append(try reader.readValue())
            }
        }
    }

    private mutating func readHexString() throws -> PDFValue {
        let start = position
        guard let end = bytes[(start + 1)...].firstIndex(of: UInt8(ascii: ">")) else { throw malformed("unterminated hex string") }
        guard let decoded = PDFBytes.bytes(fromHex: bytes[(start + 1)..<end]) else { throw malformed("non-hex character in hex string") }
        position = end + 1
        return .string(bytes: decoded, span: start..<position, isHex: true)
    }

    /// §7.3.4.2: balanced parentheses, backslash escapes, octal codes, line continuations.
    private mutating func readLiteralString() throws -> PDFValue {
        let start = position
        position += 1
        var result: [UInt8] = []
        var open = 1
        while let byte = peek() {
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                open += 1
                result.append(byte)
            case UInt8(ascii: ")"):
                open -= 1
                if open == 0 { return .string(bytes: result, span: start..<position, isHex: false) }
                result.append(byte)
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { break }
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(escaped - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard let digit = peek(), (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { break }
                        value = value * 8 + Int(digit - UInt8(ascii: "0"))
                        position += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                case 0x0D:
                    if peek() == 0x0A { position += 1 }
                case 0x0A:
                    break
                default:
                    result.append(escaped)
                }
            default:
                result.append(byte)
            }
        }
        throw malformed("unterminated literal string")
    }

    /// A name without its slash, `#xx` escapes decoded (§7.3.5).
    private mutating func readName() throws -> String {
        position += 1
        var raw: [UInt8] = []
        while let byte = peek(), !PDFBytes.isWhitespace(byte), !PDFBytes.isDelimiter(byte) {
            position += 1
            if byte == UInt8(ascii: "#"), position + 1 < bytes.count,
               let decoded = PDFBytes.bytes(fromHex: bytes[position..<position + 2]), decoded.count == 1 {
                raw.append(decoded[0])
                position += 2
            } else {
                raw.append(byte)
            }
        }
        return String(decoding: raw, as: UTF8.self)
    }

    /// A number, or `number generation R` read as one reference.
    private mutating func readNumberOrReference() throws -> PDFValue {
        let token = readKeyword()
        if let integer = Int(token) {
            let afterFirst = position
            skipWhitespaceAndComments()
            let second = readKeyword()
            skipWhitespaceAndComments()
            if let generation = Int(second), integer >= 0, generation >= 0, peek() == UInt8(ascii: "R"),
               peek(1).map({ PDFBytes.isWhitespace($0) || PDFBytes.isDelimiter($0) }) ?? true {
                position += 1
                return .reference(number: integer, generation: generation)
            }
            position = afterFirst
            return .integer(integer)
        }
        guard let real = Double(token) else { throw malformed("bad number '\(token)'") }
        return .real(real)
    }

    /// Regular characters up to the next white space or delimiter.
    private mutating func readKeyword() -> String {
        let start = position
        while let byte = peek(), !PDFBytes.isWhitespace(byte), !PDFBytes.isDelimiter(byte) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func skipWhitespaceAndComments() {
        while let byte = peek() {
            if PDFBytes.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while let next = peek(), next != 0x0A, next != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private func malformed(_ reason: String) -> Malformed {
        Malformed(offset: position, reason: reason)
    }
}
