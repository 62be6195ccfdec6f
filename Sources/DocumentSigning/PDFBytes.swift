/// Byte-level helpers for reading and patching PDF files without a full parser.
enum PDFBytes {
    /// PDF white-space characters (ISO 32000-1 §7.2.2, table 1).
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    /// PDF delimiters (table 2): they end names, numbers and keywords.
    static func isDelimiter(_ byte: UInt8) -> Bool {
        "()<>[]{}/%".utf8.contains(byte)
    }

    /// Where `needle` starts in `haystack`, every time, left to right.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard let first = needle.first, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// Where the name token `/Key` occurs as a whole name (not the start of a longer one).
    static func nameOccurrences(_ name: String, in bytes: [UInt8]) -> [Int] {
        let needle = Array(("/" + name).utf8)
        return occurrences(of: needle, in: bytes).filter { start in
            let end = start + needle.count
            return end == bytes.count || isWhitespace(bytes[end]) || isDelimiter(bytes[end])
        }
    }

    static func hexString(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    /// The bytes of the hex digits in `text`, white space skipped, a trailing odd digit
    /// completed with 0 (§7.3.4.3); nil on any other character.
    static func bytes(fromHex text: ArraySlice<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(text.count / 2)
        var high: UInt8?
        for character in text where !isWhitespace(character) {
            guard let value = hexValue(character) else { return nil }
            if let pending = high {
                result.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if let pending = high { result.append(pending << 4) }
        return result
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
