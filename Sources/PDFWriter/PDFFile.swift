/// The indirect objects of a PDF and their serialisation as a complete file: header,
/// bodies, a classic cross-reference table, trailer, `startxref` and `%%EOF`
/// (ISO 32000-1, 7.5). Numbers are handed out first and defined later, so objects can
/// refer to each other in any order (a page to its parent, the parent to its pages).
public struct PDFFile: Sendable {
    enum Body: Sendable {
        case object(PDFObject)
        case stream(PDFStream)
    }

    /// Index `n - 1` holds object `n`; object 0 is the head of the free list.
    private var bodies: [Body?] = []

    public init() {}

    public mutating func reserve() -> PDFReference {
        bodies.append(nil)
        return PDFReference(number: bodies.count)
    }

    public mutating func define(_ reference: PDFReference, as object: PDFObject) {
        bodies[reference.number - 1] = .object(object)
    }

    public mutating func define(_ reference: PDFReference, as stream: PDFStream) {
        bodies[reference.number - 1] = .stream(stream)
    }

    public mutating func add(_ object: PDFObject) -> PDFReference {
        let reference = reserve()
        define(reference, as: object)
        return reference
    }

    public mutating func add(_ stream: PDFStream) -> PDFReference {
        let reference = reserve()
        define(reference, as: stream)
        return reference
    }

    public func serialize(root: PDFReference, info: PDFReference? = nil) throws(PDFWriterError) -> SerializedPDF {
        var output = PDFSerializer()
        // The comment of bytes above 127 tells transfer tools the file is binary (7.5.2).
        output.append("%PDF-1.7\n%")
        output.append([0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
        var offsets: [Int] = []
        for (index, body) in bodies.enumerated() {
            guard let body else { throw .undefinedObject(index + 1) }
            offsets.append(output.bytes.count)
            output.append("\(index + 1) 0 obj\n")
            switch body {
            case let .object(object):
                output.write(object)
            case let .stream(stream):
                var dictionary = stream.dictionary
                dictionary["Length"] = .integer(stream.data.count)
                output.write(dictionary)
                output.append("\nstream\n")
                output.append(stream.data)
                output.append("\nendstream")
            }
            output.append("\nendobj\n")
        }
        let identifier = PDFString(bytes: FileIdentifier.digest(output.bytes), form: .hexadecimal)
        let crossReferenceOffset = output.bytes.count
        // Every entry is exactly 20 bytes, its end of line being two characters (7.5.4).
        output.append("xref\n0 \(bodies.count + 1)\n0000000000 65535 f\r\n")
        for offset in offsets {
            let digits = String(offset)
            output.append(String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n\r\n")
        }
        var trailer: PDFDictionary = ["Size": .integer(bodies.count + 1), "Root": .reference(root)]
        if let info { trailer["Info"] = .reference(info) }
        trailer["ID"] = [.string(identifier), .string(identifier)]
        output.append("trailer\n")
        output.write(trailer)
        output.append("\nstartxref\n\(crossReferenceOffset)\n%%EOF\n")
        return SerializedPDF(bytes: output.bytes, objectOffsets: offsets, placeholderRanges: output.placeholderRanges)
    }
}

/// A written file, with what a later step (signing) needs to find its way in it.
public struct SerializedPDF: Sendable {
    public internal(set) var bytes: [UInt8]
    /// `objectOffsets[n - 1]` is the byte offset of `n 0 obj`.
    public let objectOffsets: [Int]
    public let placeholderRanges: [String: Range<Int>]
}

public enum PDFWriterError: Error, Equatable, Sendable {
    case undefinedObject(Int)
    case imageSizeMismatch(expected: Int, actual: Int)
    case placeholderMissing(String)
    case signatureTooLarge(capacity: Int, actual: Int)
    case pageOutOfRange(Int)
}

/// The trailer's /ID (14.4) only has to be unique to the file, not secret: a 128-bit
/// FNV-1a of the body keeps the module free of a cryptography dependency and makes the
/// same document always get the same identifier.
enum FileIdentifier {
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hash: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B
        for byte in bytes {
            hash ^= UInt128(byte)
            hash = hash &* prime
        }
        return (0 ..< 16).map { UInt8(truncatingIfNeeded: hash >> (8 * (15 - $0))) }
    }
}
