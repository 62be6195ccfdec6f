import Foundation

/// Room for a PAdES signature (ISO 32000-1, 12.8; ETSI EN 319 142-1): an AcroForm
/// signature field whose value is a signature dictionary with a /ByteRange and a /Contents
/// of fixed width. The document is written with both as placeholders; then
/// `SerializedPDF.prepareForSigning()` fills in the byte range and returns the bytes to
/// sign, and `embedSignature(_:)` writes the CMS signature into /Contents, changing no
/// offset. Creating the CMS itself is the signer's job, outside this module.
///
/// The placeholders are written as DocumentSigning's `PDFSignaturePlaceholder` expects
/// them (`[0 0000000000 0000000000 0000000000]` and `<00…00>`), so its PAdES signing can
/// find them by scanning the bytes, without either module importing the other.
public struct PDFSignatureField: Sendable, Equatable {
    public var name: String
    public var pageIndex: Int
    /// Where the widget sits; the default, an empty rectangle, is an invisible signature.
    public var rect: PDFRect
    /// Bytes of DER-encoded CMS that fit in /Contents: the default holds a P-256 or RSA-2048
    /// signature with a chain of three certificates.
    public var contentsCapacity: Int
    public var subFilter: String
    public var signingTime: Date?
    public var reason: String?
    public var location: String?

    public init(name: String = "Signature1", pageIndex: Int = 0, rect: PDFRect = PDFRect(x: 0, y: 0, width: 0, height: 0),
                contentsCapacity: Int = 8_192, subFilter: String = "ETSI.CAdES.detached",
                signingTime: Date? = nil, reason: String? = nil, location: String? = nil) {
        self.name = name
        self.pageIndex = pageIndex
        self.rect = rect
        self.contentsCapacity = contentsCapacity
        self.subFilter = subFilter
        self.signingTime = signingTime
        self.reason = reason
        self.location = location
    }

    static let byteRangeKey = "Signature.ByteRange"
    static let contentsKey = "Signature.Contents"
    /// Room inside the brackets for four offsets of up to ten digits.
    static let byteRangePlaceholder = Array("[0 0000000000 0000000000 0000000000]".utf8)

    /// Adds the signature dictionary and the field's widget; returns the widget, which
    /// belongs in its page's /Annots and in the AcroForm's /Fields.
    func addObjects(to file: inout PDFFile, page: PDFReference) -> PDFReference {
        var signature: PDFDictionary = [
            "Type": .name("Sig"), "Filter": .name("Adobe.PPKLite"), "SubFilter": .named(subFilter),
            "ByteRange": .placeholder(PDFPlaceholder(key: Self.byteRangeKey, bytes: Self.byteRangePlaceholder)),
            "Contents": .placeholder(PDFPlaceholder(key: Self.contentsKey, bytes: Array(("<" + String(repeating: "0", count: 2 * contentsCapacity) + ">").utf8))),
        ]
        if let signingTime { signature["M"] = .text(PDFDocumentInfo.pdfDate(signingTime)) }
        if let reason { signature["Reason"] = .text(reason) }
        if let location { signature["Location"] = .text(location) }
        let value = file.add(.dictionary(signature))
        let appearance = file.add(PDFStream(dictionary: [
            "Type": .name("XObject"), "Subtype": .name("Form"),
            "BBox": [0, 0, .real(rect.width), .real(rect.height)],
        ], data: [], compress: false))
        return file.add(.dictionary([
            "Type": .name("Annot"), "Subtype": .name("Widget"), "FT": .name("Sig"),
            "T": .text(name), "V": .reference(value), "Rect": rect.pdfArray,
            "F": 132, // printed and locked
            "P": .reference(page), "AP": .dictionary(["N": .reference(appearance)]),
        ]))
    }
}

extension SerializedPDF {
    /// The signed ranges: everything but the /Contents hex string, delimiters included.
    public func signatureByteRange() throws(PDFWriterError) -> [Int] {
        guard let contents = placeholderRanges[PDFSignatureField.contentsKey] else { throw .placeholderMissing(PDFSignatureField.contentsKey) }
        return [0, contents.lowerBound, contents.upperBound, bytes.count - contents.upperBound]
    }

    /// Writes /ByteRange into its placeholder, padded with spaces before the closing
    /// bracket, and returns the bytes the signature covers.
    public mutating func prepareForSigning() throws(PDFWriterError) -> [UInt8] {
        guard let field = placeholderRanges[PDFSignatureField.byteRangeKey] else { throw .placeholderMissing(PDFSignatureField.byteRangeKey) }
        let range = try signatureByteRange()
        var text = Array("[\(range.map(String.init).joined(separator: " "))".utf8)
        text += Array(repeating: UInt8(ascii: " "), count: field.count - 1 - text.count) + [UInt8(ascii: "]")]
        bytes.replaceSubrange(field, with: text)
        return Array(bytes[range[0] ..< range[0] + range[1]] + bytes[range[2] ..< range[2] + range[3]])
    }

    /// Writes a DER-encoded CMS signature into /Contents, padded with zeroes as PAdES allows.
    public mutating func embedSignature(_ signature: [UInt8]) throws(PDFWriterError) {
        guard let contents = placeholderRanges[PDFSignatureField.contentsKey] else { throw .placeholderMissing(PDFSignatureField.contentsKey) }
        let capacity = (contents.count - 2) / 2
        guard signature.count <= capacity else { throw .signatureTooLarge(capacity: capacity, actual: signature.count) }
        let hex = signature.map(PDFSerializer.hex).joined() + String(repeating: "0", count: 2 * (capacity - signature.count))
        bytes.replaceSubrange(contents.lowerBound + 1 ..< contents.upperBound - 1, with: Array(hex.utf8))
    }
}
