@testable import QRCode
import Testing

@Suite("Byte-mode bit stream and block interleaving")
struct CodewordTests {
    /// "A" in version 1-M, worked by hand from 7.4: mode 0100, count 00000001, data 01000001,
    /// terminator 0000, then pad codewords to the 16 data codewords.
    @Test func oneByteFillsVersion1WithTerminatorAndPadding() {
        #expect(DataCodewords.byteMode([0x41], version: 1)
            == [0x40, 0x14, 0x10, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC])
    }

    /// The same with the UTF-8 declaration in front: ECI mode 0111, designator 00011010 (26).
    @Test func theUTF8DeclarationPrecedesTheByteSegment() {
        #expect(DataCodewords.byteMode([0x41], version: 1, declaring: .utf8)
            == [0x71, 0xA4, 0x01, 0x41, 0x00, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC])
        #expect(VersionTable.byteCapacity(version: 1, after: .utf8) == 13, "(128 − 12 − 4 − 8) bits")
    }

    /// From version 10 the count takes 16 bits, which shifts the data by half a byte.
    @Test func version10CountsInSixteenBits() {
        let codewords = DataCodewords.byteMode([0xAB], version: 10)
        #expect(Array(codewords.prefix(4)) == [0x40, 0x00, 0x1A, 0xB0])
        #expect(codewords.count == 216 && codewords[4] == 0xEC)
    }

    /// When the payload fills the capacity to the last bit but four, the terminator is cut.
    @Test func aFullSymbolHasAShortenedTerminatorAndNoPadding() {
        let payload = [UInt8](repeating: 0xFF, count: VersionTable.byteCapacity(version: 1))
        let codewords = DataCodewords.byteMode(payload, version: 1)
        #expect(codewords.count == 16)
        #expect(codewords.last == 0xF0, "the last data nibble, then a four-bit terminator")
    }

    /// Version 8-M: two blocks of 38 and two of 39 data codewords, 22 correction codewords each.
    @Test func blocksAreReadColumnByColumn() {
        let structure = VersionTable.blockStructure(version: 8)
        let data = (0..<structure.dataCodewords).map { UInt8($0) }
        let sequence = BlockInterleaving.finalSequence(dataCodewords: data, structure: structure)
        #expect(sequence.count == structure.totalCodewords)
        #expect(Array(sequence.prefix(8)) == [0, 38, 76, 115, 1, 39, 77, 116])
        // The 39th column exists only in the two longer blocks.
        #expect(Array(sequence[148..<154]) == [37, 75, 113, 152, 114, 153])
        let blocks = [data[0..<38], data[38..<76], data[76..<115], data[115..<154]]
        for (index, block) in blocks.enumerated() {
            let correction = ReedSolomon.errorCorrectionCodewords(for: Array(block), count: 22)
            let interleaved = (0..<22).map { sequence[154 + $0 * 4 + index] }
            #expect(interleaved == correction, "block \(index + 1)")
        }
    }
}
