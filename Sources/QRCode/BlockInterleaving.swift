/// The final codeword sequence of a symbol (ISO/IEC 18004, 7.6): the data codewords are cut
/// into the version's blocks, each block gets its own error-correction codewords, and the
/// blocks are read column by column so that a smudge spreads its damage over many blocks
/// instead of exhausting one.
enum BlockInterleaving {
    static func finalSequence(dataCodewords: [UInt8], structure: BlockStructure) -> [UInt8] {
        precondition(dataCodewords.count == structure.dataCodewords)
        let generator = ReedSolomon.generatorPolynomial(degree: structure.errorCorrectionCodewordsPerBlock)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var start = 0
        for group in structure.groups {
            for _ in 0..<group.blockCount {
                dataBlocks.append(dataCodewords[start..<(start + group.dataCodewordsPerBlock)])
                start += group.dataCodewordsPerBlock
            }
        }
        let correctionBlocks = dataBlocks.map { ReedSolomon.errorCorrectionCodewords(for: $0, generator: generator) }

        var sequence: [UInt8] = []
        sequence.reserveCapacity(structure.totalCodewords)
        // Blocks of the second group are one codeword longer; that last column holds only theirs.
        let longestDataBlock = dataBlocks.map(\.count).max() ?? 0
        for column in 0..<longestDataBlock {
            for block in dataBlocks where column < block.count {
                sequence.append(block[block.startIndex + column])
            }
        }
        for column in 0..<structure.errorCorrectionCodewordsPerBlock {
            for block in correctionBlocks { sequence.append(block[column]) }
        }
        return sequence
    }
}
