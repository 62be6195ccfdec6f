/// A document of pages, written as a complete PDF 1.7 file.
///
/// ```swift
/// let regular = try BundledFont.dejaVuSans.load()
/// var page = PDFPage(size: .a4)
/// page.drawText("GIẤY CHỨNG NHẬN", at: PDFPoint(x: 297.6, y: 760), font: regular, size: 18, alignment: .center)
/// var document = PDFDocument(info: PDFDocumentInfo(title: "Certificate"), language: "vi")
/// document.append(page)
/// let bytes = try document.serialize().bytes
/// ```
public struct PDFDocument: Sendable {
    public var info: PDFDocumentInfo
    /// The natural language of the text (a BCP 47 tag), for screen readers and search.
    public var language: String?
    public private(set) var pages: [PDFPage] = []
    /// Reserves a signature field to be signed after writing (see `PDFSignatureField`).
    public var signatureField: PDFSignatureField?

    public init(info: PDFDocumentInfo = PDFDocumentInfo(), language: String? = nil) {
        self.info = info
        self.language = language
    }

    public mutating func append(_ page: PDFPage) {
        pages.append(page)
    }

    public func serialize() throws -> SerializedPDF {
        var file = PDFFile()
        let catalog = file.reserve()
        let pageTree = file.reserve()
        let info = file.add(.dictionary(info.dictionary))

        let fonts = try embedFonts(into: &file)
        let pageReferences = pages.map { _ in file.reserve() }
        var widget: PDFReference?
        if let signatureField {
            guard pages.indices.contains(signatureField.pageIndex) else { throw PDFWriterError.pageOutOfRange(signatureField.pageIndex) }
            widget = signatureField.addObjects(to: &file, page: pageReferences[signatureField.pageIndex])
        }
        for (index, page) in pages.enumerated() {
            var fontResources = PDFDictionary()
            for use in page.fonts { fontResources[PDFName(use.resourceName)] = .reference(fonts[ObjectIdentifier(use.font)]!) }
            var images = PDFDictionary()
            for (number, image) in page.images.enumerated() { images[PDFName("Im\(number + 1)")] = .reference(file.add(image.stream)) }
            let content = file.add(PDFStream(data: Array(page.content.utf8)))
            var dictionary: PDFDictionary = [
                "Type": .name("Page"), "Parent": .reference(pageTree),
                "MediaBox": PDFRect(x: 0, y: 0, width: page.size.width, height: page.size.height).pdfArray,
                "Resources": .dictionary(["Font": .dictionary(fontResources), "XObject": .dictionary(images)]),
                "Contents": .reference(content),
            ]
            if let widget, signatureField?.pageIndex == index { dictionary["Annots"] = [.reference(widget)] }
            file.define(pageReferences[index], as: .dictionary(dictionary))
        }
        file.define(pageTree, as: .dictionary([
            "Type": .name("Pages"), "Kids": .array(pageReferences.map(PDFObject.reference)), "Count": .integer(pages.count),
        ]))
        var root: PDFDictionary = ["Type": .name("Catalog"), "Pages": .reference(pageTree)]
        if let language { root["Lang"] = .text(language) }
        // SigFlags 3: the document has signatures, and may only be appended to (12.7.2).
        if let widget { root["AcroForm"] = .dictionary(["Fields": [.reference(widget)], "SigFlags": 3]) }
        file.define(catalog, as: .dictionary(root))
        return try file.serialize(root: catalog, info: info)
    }

    /// Each font once, with the union of the glyphs its pages drew.
    private func embedFonts(into file: inout PDFFile) throws -> [ObjectIdentifier: PDFReference] {
        var order: [ObjectIdentifier] = []
        var merged: [ObjectIdentifier: PDFPage.FontUse] = [:]
        for use in pages.flatMap(\.fonts) {
            let key = ObjectIdentifier(use.font)
            if var existing = merged[key] {
                existing.texts.merge(use.texts) { first, _ in first }
                existing.characters.merge(use.characters) { first, _ in first }
                merged[key] = existing
            } else {
                order.append(key)
                merged[key] = use
            }
        }
        var references: [ObjectIdentifier: PDFReference] = [:]
        for key in order {
            let use = merged[key]!
            references[key] = try FontEmbedder.embed(use.font, texts: use.texts, characters: use.characters, into: &file)
        }
        return references
    }
}
