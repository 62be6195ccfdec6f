import Foundation

/// The convention between whoever writes a PDF and ``PAdESSigning``: the file is written
/// once, complete, with a signature dictionary whose two variable entries are placeholders
/// of fixed size, which signing overwrites in place, so no offset in the file (xref table,
/// startxref) moves.
///
/// - `/ByteRange [0 0000000000 0000000000 0000000000]`: the characters between the square
///   brackets are only zeros and spaces. Signing writes the four numbers there, separated by
///   single spaces and padded with trailing spaces to the same width; the default width
///   holds offsets up to 10 GB.
/// - `/Contents <00…00>`: a hex string of only zeros, at least two. It receives the DER of
///   the CMS SignedData in hex, the remaining zeros staying as padding, so the placeholder
///   must hold twice the signature's size in digits (``defaultContentsCapacity`` bytes is
///   ample for a P-256 or RSA 2048 signature with a chain of three certificates).
///
/// A PDF being signed holds exactly one of each; dictionaries of earlier signatures
/// carry real numbers and hex, so they do not count.
public enum PDFSignaturePlaceholder {
    /// The `/ByteRange` entry to write into the signature dictionary.
    public static let byteRange = "/ByteRange [0 0000000000 0000000000 0000000000]"

    /// Bytes of signature the default `/Contents` placeholder holds.
    public static let defaultContentsCapacity = 8192

    /// The `/Contents` entry to write into the signature dictionary: `capacity` bytes, so
    /// twice as many hex zeros.
    public static func contents(capacity: Int = defaultContentsCapacity) -> String {
        "/Contents <" + String(repeating: "0", count: 2 * max(capacity, 1)) + ">"
    }

    /// A complete PAdES signature dictionary (ISO 32000-1 §12.8.1, ETSI EN 319 142-1 §5.3)
    /// with both placeholders, to be written as an indirect object and referenced from the
    /// signature field's `/V`.
    ///
    /// - Parameters:
    ///   - signingTime: written as `/M`, the signing time PAdES B-B claims; pass the same
    ///     instant to ``PAdESSigning/sign(pdf:signer:signingTime:)``.
    ///   - timeZone: the zone `/M` is written in (only its presentation; the instant is the same).
    ///   - signerName, reason, location: optional `/Name`, `/Reason`, `/Location` texts.
    public static func signatureDictionary(signingTime: Date,
                                           timeZone: TimeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
                                           signerName: String? = nil,
                                           reason: String? = nil,
                                           location: String? = nil,
                                           contentsCapacity: Int = defaultContentsCapacity) -> String {
        var entries = [
            "/Type /Sig", "/Filter /Adobe.PPKLite", "/SubFilter /ETSI.CAdES.detached",
            byteRange, contents(capacity: contentsCapacity),
            "/M " + PDFTextString.encode(PDFDate.string(from: signingTime, timeZone: timeZone)),
        ]
        if let signerName { entries.append("/Name " + PDFTextString.encode(signerName)) }
        if let reason { entries.append("/Reason " + PDFTextString.encode(reason)) }
        if let location { entries.append("/Location " + PDFTextString.encode(location)) }
        return "<< " + entries.joined(separator: "\n   ") + " >>"
    }

    /// Where the two placeholders are in a PDF about to be signed.
    struct Location: Equatable {
        /// The characters between `/ByteRange [` and `]`.
        var byteRangeSlot: Range<Int>
        /// The hex string from `<` to `>` inclusive: what the byte range leaves out.
        var contents: Range<Int>

        /// Bytes of DER the hex placeholder holds.
        var contentsCapacity: Int { (contents.count - 2) / 2 }
    }

    static func locate(in pdf: [UInt8]) throws -> Location {
        let byteRanges = PDFBytes.nameOccurrences("ByteRange", in: pdf).compactMap { bracketedZeros(after: $0 + 10, in: pdf) }
        let contents = PDFBytes.nameOccurrences("Contents", in: pdf).compactMap { hexZeros(after: $0 + 9, in: pdf) }
        guard byteRanges.count == 1 else {
            throw DocumentSigningError.placeholderNotFound("expected one /ByteRange [0 0000000000 …] placeholder, found \(byteRanges.count)")
        }
        guard contents.count == 1 else {
            throw DocumentSigningError.placeholderNotFound("expected one /Contents <00…0> placeholder, found \(contents.count)")
        }
        return Location(byteRangeSlot: byteRanges[0], contents: contents[0])
    }

    /// The inside of `[ … ]` following `start` if it holds only zeros and spaces.
    private static func bracketedZeros(after start: Int, in pdf: [UInt8]) -> Range<Int>? {
        var index = start
        while index < pdf.count, PDFBytes.isWhitespace(pdf[index]) { index += 1 }
        guard index < pdf.count, pdf[index] == UInt8(ascii: "[") else { return nil }
        let inside = index + 1
        var end = inside
        while end < pdf.count, pdf[end] == UInt8(ascii: "0") || pdf[end] == UInt8(ascii: " ") { end += 1 }
        guard end < pdf.count, pdf[end] == UInt8(ascii: "]"), pdf[inside..<end].contains(UInt8(ascii: "0")) else { return nil }
        return inside..<end
    }

    /// `<` through `>` following `start` if the hex string holds only zeros, at least two.
    private static func hexZeros(after start: Int, in pdf: [UInt8]) -> Range<Int>? {
        var index = start
        while index < pdf.count, PDFBytes.isWhitespace(pdf[index]) { index += 1 }
        guard index < pdf.count, pdf[index] == UInt8(ascii: "<") else { return nil }
        var end = index + 1
        while end < pdf.count, pdf[end] == UInt8(ascii: "0") { end += 1 }
        guard end < pdf.count, pdf[end] == UInt8(ascii: ">"), end - index - 1 >= 2 else { return nil }
        return index..<end + 1
    }
}
