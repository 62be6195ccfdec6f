@testable import QRCode
import Testing

@Suite("Format and version information")
struct FormatInformationTests {
    /// Annex C, table C.1: the masked format information of level M for masks 000 to 111.
    static let levelMFormatBits = [
        0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
        0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000,
    ]

    @Test func formatBitsForLevelMMatchAnnexC() {
        #expect(MaskPattern.allCases.map(FormatInformation.bits) == Self.levelMFormatBits)
    }

    /// Annex D, table D.1.
    @Test func versionBitsMatchAnnexD() {
        #expect(VersionInformation.bits(version: 7) == 0x07C94)
        #expect(VersionInformation.bits(version: 8) == 0x085BC)
        #expect(VersionInformation.bits(version: 20) == 0x149A6)
        #expect(VersionInformation.bits(version: 40) == 0x28C69)
    }

    /// The two copies of the format information, read back from a finished symbol as figure 25
    /// lays them out, most significant bit first.
    func formatCopies(of code: QRCode) -> (Int, Int) {
        let n = code.size
        let aroundUpperLeft = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8), (8, 7),
                               (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0)]
        let splitCopy = (0..<7).map { (8, n - 1 - $0) } + (0..<8).map { (n - 8 + $0, 8) }
        func read(_ positions: [(Int, Int)]) -> Int {
            positions.reduce(0) { $0 << 1 | (code.isDark(x: $1.0, y: $1.1) ? 1 : 0) }
        }
        return (read(aroundUpperLeft), read(splitCopy))
    }

    @Test(arguments: MaskPattern.allCases)
    func bothFormatCopiesNameTheMaskUsed(mask: MaskPattern) {
        let code = QRCode(encoding: Array("format".utf8), version: 2, mask: mask)
        let (first, second) = formatCopies(of: code)
        #expect(first == Self.levelMFormatBits[mask.rawValue] && second == first)
        #expect(code.isDark(x: 8, y: code.size - 8), "the dark module")
    }

    @Test func bothVersionCopiesAreDrawnFromVersion7() {
        let code = QRCode(encoding: Array("version".utf8), version: 7, mask: .checkerboard)
        // Figure 27: bit 17 (most significant) far from the corner, bits running down the
        // lower-left block's columns and along the upper-right block's rows.
        var lowerLeft = 0, upperRight = 0
        for index in stride(from: 17, through: 0, by: -1) {
            let along = code.size - 11 + index % 3, across = index / 3
            lowerLeft = lowerLeft << 1 | (code.isDark(x: across, y: along) ? 1 : 0)
            upperRight = upperRight << 1 | (code.isDark(x: along, y: across) ? 1 : 0)
        }
        #expect(lowerLeft == 0x07C94 && upperRight == 0x07C94)
        let small = QRCode(encoding: Array("version".utf8), version: 6, mask: .checkerboard)
        #expect(!small.matrix.isFunctionModule(x: 0, y: small.size - 11), "no version block below 7")
    }
}
