/// A value of the PDF object model (ISO 32000-1, 7.3). Streams are not values here: they
/// only exist as indirect objects, so `PDFFile` holds them beside these.
public enum PDFObject: Sendable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int)
    case real(Double)
    case name(PDFName)
    case string(PDFString)
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(PDFReference)
    /// Bytes written verbatim whose position in the file is reported after writing, so a
    /// later step can overwrite them in place (a signature's /ByteRange and /Contents).
    case placeholder(PDFPlaceholder)
}

/// A name such as `/Type`; any characters are allowed and escaped when written.
public struct PDFName: Sendable, Hashable, ExpressibleByStringLiteral {
    public let value: String
    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }
}

/// A string object: PDF strings are bytes; `text(_:)` chooses an encoding for readable text.
public struct PDFString: Sendable, Equatable {
    public enum Form: Sendable { case literal, hexadecimal }
    public let bytes: [UInt8]
    public let form: Form

    public init(bytes: [UInt8], form: Form = .literal) {
        self.bytes = bytes
        self.form = form
    }

    /// A text string (7.9.2.2): printable ASCII stays a literal, which PDFDocEncoding reads
    /// identically; anything else is UTF-16BE with a byte-order mark, as the standard requires.
    public static func text(_ text: String) -> PDFString {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            return PDFString(bytes: Array(text.utf8))
        }
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        return PDFString(bytes: bytes, form: .hexadecimal)
    }
}

/// A reference to an indirect object; this writer never reuses numbers, so generations are 0.
public struct PDFReference: Sendable, Hashable {
    public let number: Int
    public init(number: Int) { self.number = number }
}

/// See `PDFObject.placeholder`: `key` names the reported range.
public struct PDFPlaceholder: Sendable, Equatable {
    public let key: String
    public let bytes: [UInt8]
    public init(key: String, bytes: [UInt8]) {
        self.key = key
        self.bytes = bytes
    }
}

/// A dictionary that keeps its keys in insertion order, so the output is deterministic and
/// readable (`/Type` first).
public struct PDFDictionary: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var entries: [(key: PDFName, value: PDFObject)] = []

    public init() {}

    public init(dictionaryLiteral elements: (PDFName, PDFObject)...) {
        for (key, value) in elements { self[key] = value }
    }

    public subscript(key: PDFName) -> PDFObject? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case let (index?, value?): entries[index].value = value
            case let (index?, nil): entries.remove(at: index)
            case let (nil, value?): entries.append((key, value))
            case (nil, nil): break
            }
        }
    }

    public static func == (left: PDFDictionary, right: PDFDictionary) -> Bool {
        left.entries.count == right.entries.count
            && zip(left.entries, right.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension PDFObject: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral {
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(arrayLiteral elements: PDFObject...) { self = .array(elements) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }

    /// A name object from a string known only at run time.
    public static func named(_ name: String) -> PDFObject { .name(PDFName(name)) }
    /// A text string object (see `PDFString.text`).
    public static func text(_ text: String) -> PDFObject { .string(.text(text)) }
}
