/// Writes PDF objects as bytes (ISO 32000-1, 7.3) and remembers where placeholders landed.
struct PDFSerializer {
    private(set) var bytes: [UInt8] = []
    private(set) var placeholderRanges: [String: Range<Int>] = [:]

    mutating func append(_ text: String) { bytes += Array(text.utf8) }
    mutating func append(_ raw: [UInt8]) { bytes += raw }

    mutating func write(_ object: PDFObject) {
        switch object {
        case .null: append("null")
        case let .boolean(value): append(value ? "true" : "false")
        case let .integer(value): append(String(value))
        case let .real(value): append(Self.number(value))
        case let .name(name): append(Self.name(name))
        case let .string(string): append(Self.string(string))
        case let .reference(reference): append("\(reference.number) 0 R")
        case let .placeholder(placeholder):
            placeholderRanges[placeholder.key] = bytes.count ..< bytes.count + placeholder.bytes.count
            append(placeholder.bytes)
        case let .array(elements):
            append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { append(" ") }
                write(element)
            }
            append("]")
        case let .dictionary(dictionary): write(dictionary)
        }
    }

    mutating func write(_ dictionary: PDFDictionary) {
        append("<<")
        for (key, value) in dictionary.entries {
            append(Self.name(key))
            append(" ")
            write(value)
        }
        append(">>")
    }

    /// At most four decimals and never an exponent: PDF has no exponent syntax, and four
    /// decimals are far below a device pixel at any page size.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = (value * 10_000).rounded()
        let magnitude = Int64(abs(scaled))
        var text = (scaled < 0 ? "-" : "") + String(magnitude / 10_000)
        let fraction = magnitude % 10_000
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 4 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// A name's bytes outside the regular characters are written as #XX (7.3.5).
    static func name(_ name: PDFName) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "/")]
        for byte in name.value.utf8 {
            if byte > 0x20, byte < 0x7F, !delimiters.contains(byte), byte != UInt8(ascii: "#") {
                output.append(byte)
            } else {
                output += Array("#\(hex(byte))".utf8)
            }
        }
        return output
    }

    /// Literal strings escape the parentheses, the backslash and every byte that is not
    /// printable ASCII, so the file stays ASCII and no end-of-line conversion can alter it.
    static func string(_ string: PDFString) -> [UInt8] {
        switch string.form {
        case .hexadecimal:
            return Array("<\(string.bytes.map(hex).joined())>".utf8)
        case .literal:
            var output: [UInt8] = [UInt8(ascii: "(")]
            for byte in string.bytes {
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
                case 0x0A: output += Array("\\n".utf8)
                case 0x0D: output += Array("\\r".utf8)
                case 0x09: output += Array("\\t".utf8)
                case 0x08: output += Array("\\b".utf8)
                case 0x0C: output += Array("\\f".utf8)
                case 0x20 ..< 0x7F: output.append(byte)
                default:
                    let octal = String(byte, radix: 8)
                    output += Array(("\\" + String(repeating: "0", count: 3 - octal.count) + octal).utf8)
                }
            }
            output.append(UInt8(ascii: ")"))
            return output
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }

    private static let delimiters: Set<UInt8> = Set("()<>[]{}/%".utf8)
}
