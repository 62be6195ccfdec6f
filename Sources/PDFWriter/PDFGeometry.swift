/// Positions and sizes in PDF points (1/72 inch). The origin is the bottom-left corner of
/// the page and y grows upwards, as in PDF itself, so what is drawn and what a later
/// signature widget or annotation says about the same place never disagree.
public struct PDFPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

public struct PDFRect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    var pdfArray: PDFObject { .array([.real(x), .real(y), .real(x + width), .real(y + height)]) }
}

public struct PDFPageSize: Sendable, Equatable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// ISO 216 A4, 210 × 297 mm.
    public static let a4 = PDFPageSize(width: 595.2756, height: 841.8898)
    public static let a4Landscape = PDFPageSize(width: 841.8898, height: 595.2756)

    /// Millimetres to points, for layouts specified on paper.
    public static func points(millimetres: Double) -> Double { millimetres * 72 / 25.4 }
}

/// A DeviceGray or DeviceRGB colour, components from 0 to 1.
public enum PDFColor: Sendable, Equatable {
    case gray(Double)
    case rgb(Double, Double, Double)

    public static let black = PDFColor.gray(0)
    public static let white = PDFColor.gray(1)

    /// A colour from a hex triplet such as 0x1F4E79.
    public static func hex(_ value: UInt32) -> PDFColor {
        .rgb(Double(value >> 16 & 0xFF) / 255, Double(value >> 8 & 0xFF) / 255, Double(value & 0xFF) / 255)
    }

    /// The operator setting it, for filling (`g`, `rg`) or stroking (`G`, `RG`).
    func operation(stroking: Bool) -> String {
        switch self {
        case let .gray(level): return "\(PDFSerializer.number(level)) \(stroking ? "G" : "g")"
        case let .rgb(red, green, blue):
            return [red, green, blue].map(PDFSerializer.number).joined(separator: " ") + (stroking ? " RG" : " rg")
        }
    }
}
