/// An 8-bit raster to place on a page (an image XObject, ISO 32000-1, 8.9.5): grayscale
/// with one byte per pixel or RGB with three, rows top to bottom.
public struct PDFImage: Sendable, Equatable {
    public enum ColorSpace: Sendable {
        case gray, rgb

        var componentCount: Int { self == .gray ? 1 : 3 }
        var pdfName: PDFName { self == .gray ? "DeviceGray" : "DeviceRGB" }
    }

    public let width: Int
    public let height: Int
    public let colorSpace: ColorSpace
    public let pixels: [UInt8]
    /// Smoothing when scaled up; off by default so a QR code's modules stay sharp.
    public var interpolate = false

    public init(width: Int, height: Int, colorSpace: ColorSpace, pixels: [UInt8]) throws(PDFWriterError) {
        let expected = width * height * colorSpace.componentCount
        guard width > 0, height > 0, pixels.count == expected else { throw .imageSizeMismatch(expected: expected, actual: pixels.count) }
        self.width = width
        self.height = height
        self.colorSpace = colorSpace
        self.pixels = pixels
    }

    var stream: PDFStream {
        PDFStream(dictionary: [
            "Type": .name("XObject"), "Subtype": .name("Image"),
            "Width": .integer(width), "Height": .integer(height),
            "ColorSpace": .name(colorSpace.pdfName), "BitsPerComponent": 8,
            "Interpolate": .boolean(interpolate),
        ], data: pixels)
    }
}
