/// A (n, k) BCH code as QR codes use it for their format and version information: the data
/// followed by the remainder of data · x^(n−k) divided by the generator polynomial.
private func bchCodeword(data: Int, generator: Int, checkBits: Int) -> Int {
    var remainder = data << checkBits
    // Long division over GF(2): cancel the highest set bit until fewer than checkBits remain.
    let generatorDegree = Int.bitWidth - 1 - generator.leadingZeroBitCount
    while remainder != 0, Int.bitWidth - 1 - remainder.leadingZeroBitCount >= generatorDegree {
        let degree = Int.bitWidth - 1 - remainder.leadingZeroBitCount
        remainder ^= generator << (degree - generatorDegree)
    }
    return data << checkBits | remainder
}

/// The 15 format bits (ISO/IEC 18004, 7.9): the error-correction level and mask, protected by
/// a (15, 5) BCH code and XORed with a fixed pattern so that they are never all light.
enum FormatInformation {
    /// Level M is coded 00 (L 01, Q 11, H 10).
    static let levelMIndicator = 0b00
    /// x¹⁰ + x⁸ + x⁵ + x⁴ + x² + x + 1.
    static let generator = 0b101_0011_0111
    static let xorMask = 0b101_0100_0001_0010

    static func bits(mask pattern: MaskPattern) -> Int {
        bchCodeword(data: levelMIndicator << 3 | pattern.rawValue, generator: generator, checkBits: 10) ^ xorMask
    }
}

/// The 18 version bits of versions 7 and up (ISO/IEC 18004, 7.10): the version number
/// protected by an (18, 6) BCH code, not masked.
enum VersionInformation {
    /// x¹² + x¹¹ + x¹⁰ + x⁹ + x⁸ + x⁵ + x² + 1.
    static let generator = 0b1_1111_0010_0101

    static func bits(version: Int) -> Int {
        bchCodeword(data: version, generator: generator, checkBits: 12)
    }
}
