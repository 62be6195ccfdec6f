/// Blocks of equal length within a symbol: `blockCount` blocks of `dataCodewordsPerBlock`.
struct BlockGroup: Sendable, Equatable {
    let blockCount: Int
    let dataCodewordsPerBlock: Int
}

/// How one version's codewords divide into Reed–Solomon blocks at error-correction level M.
struct BlockStructure: Sendable, Equatable {
    let errorCorrectionCodewordsPerBlock: Int
    /// One or two groups; the second, when present, has one data codeword more per block.
    let groups: [BlockGroup]

    var blockCount: Int { groups.reduce(0) { $0 + $1.blockCount } }
    var dataCodewords: Int { groups.reduce(0) { $0 + $1.blockCount * $1.dataCodewordsPerBlock } }
    var totalCodewords: Int { dataCodewords + blockCount * errorCorrectionCodewordsPerBlock }
}

/// The per-version facts of level M that the encoder needs (ISO/IEC 18004:2015, tables 3, 7
/// and 9): level M recovers about 15 % of damaged codewords, the usual choice for printed
/// documents, and is the only level this encoder writes.
enum VersionTable {
    static let versions = 1...40

    /// Table 9, level M rows: error-correction codewords per block, then (blocks, data codewords
    /// per block) for each group, version 1 first.
    private static let levelMRows: [(errorCorrectionPerBlock: Int, groups: [(blocks: Int, dataPerBlock: Int)])] = [
        (10, [(1, 16)]), (16, [(1, 28)]), (26, [(1, 44)]), (18, [(2, 32)]), (24, [(2, 43)]),
        (16, [(4, 27)]), (18, [(4, 31)]), (22, [(2, 38), (2, 39)]), (22, [(3, 36), (2, 37)]), (26, [(4, 43), (1, 44)]),
        (30, [(1, 50), (4, 51)]), (22, [(6, 36), (2, 37)]), (22, [(8, 37), (1, 38)]), (24, [(4, 40), (5, 41)]), (24, [(5, 41), (5, 42)]),
        (28, [(7, 45), (3, 46)]), (28, [(10, 46), (1, 47)]), (26, [(9, 43), (4, 44)]), (26, [(3, 44), (11, 45)]), (26, [(3, 41), (13, 42)]),
        (26, [(17, 42)]), (28, [(17, 46)]), (28, [(4, 47), (14, 48)]), (28, [(6, 45), (14, 46)]), (28, [(8, 47), (13, 48)]),
        (28, [(19, 46), (4, 47)]), (28, [(22, 45), (3, 46)]), (28, [(3, 45), (23, 46)]), (28, [(21, 45), (7, 46)]), (28, [(19, 47), (10, 48)]),
        (28, [(2, 46), (29, 47)]), (28, [(10, 46), (23, 47)]), (28, [(14, 46), (21, 47)]), (28, [(14, 46), (23, 47)]), (28, [(12, 47), (26, 48)]),
        (28, [(6, 47), (34, 48)]), (28, [(29, 46), (14, 47)]), (28, [(13, 46), (32, 47)]), (28, [(40, 47), (7, 48)]), (28, [(18, 47), (31, 48)]),
    ]

    private static let levelM: [BlockStructure] = levelMRows.map { row in
        BlockStructure(errorCorrectionCodewordsPerBlock: row.errorCorrectionPerBlock,
                       groups: row.groups.map { BlockGroup(blockCount: $0.blocks, dataCodewordsPerBlock: $0.dataPerBlock) })
    }

    static func blockStructure(version: Int) -> BlockStructure { levelM[version - 1] }

    /// Modules per side: 21 for version 1, four more for each version after it.
    static func size(version: Int) -> Int { 17 + 4 * version }

    /// Table 3: the byte-mode character count indicator is 8 bits long up to version 9 and
    /// 16 bits from version 10 on.
    static func byteCountIndicatorBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The longest byte-mode payload that fits at level M: the data codewords less the
    /// declaration, the 4-bit mode indicator and the count indicator, in whole bytes. Without
    /// a declaration these are table 7's figures.
    static func byteCapacity(version: Int, after declaration: CharacterEncodingDeclaration = .none) -> Int {
        let headerBits = declaration.bitCount + 4 + byteCountIndicatorBits(version: version)
        return (blockStructure(version: version).dataCodewords * 8 - headerBits) / 8
    }

    /// The smallest version whose capacity holds `byteCount` bytes, if any does.
    static func smallestVersion(holding byteCount: Int, after declaration: CharacterEncodingDeclaration = .none) -> Int? {
        versions.first { byteCapacity(version: $0, after: declaration) >= byteCount }
    }

    /// Annex E: the row and column coordinates of alignment pattern centres; every pairing
    /// of two of them holds a pattern unless it would overlap a finder pattern.
    static func alignmentPatternCentres(version: Int) -> [Int] { alignmentCentres[version - 1] }

    private static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106], [6, 32, 58, 84, 110],
        [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134],
        [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]
}
