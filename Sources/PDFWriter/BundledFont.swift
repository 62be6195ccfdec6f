import Foundation

/// The fonts that ship with the binary, in this module's resource bundle.
///
/// DejaVu Sans: it has every precomposed Vietnamese letter (ắ, ệ, ư, đ…) as well as
/// Latin, Greek and Cyrillic; its licence (Bitstream Vera terms, DejaVu changes in the
/// public domain; LICENSE.txt beside the files) allows embedding and redistribution;
/// and Debian ships it, so tests and renderers agree on the same files. It has no CJK
/// glyphs: documents in Chinese, Japanese or Korean need another font passed to `PDFFont`.
///
/// The files are a SwiftPM resource (as the message catalogues of Localization are), not
/// compiled in through the EmbedFiles plugin: that plugin embeds text as string literals,
/// and a 700 KB binary as a literal would slow every build of the module. The Docker image
/// copies every `*.resources` bundle next to the binary.
public enum BundledFont: String, Sendable, CaseIterable {
    case dejaVuSans = "DejaVuSans"
    case dejaVuSansBold = "DejaVuSans-Bold"

    public func load() throws -> PDFFont {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "ttf", subdirectory: "Fonts") else {
            throw FontError.resourceMissing(rawValue + ".ttf")
        }
        return try PDFFont(trueTypeData: Array(try Data(contentsOf: url)))
    }
}
