@testable import QRCode
import Testing

@Suite("Reed–Solomon error correction over GF(256)")
struct ReedSolomonTests {
    @Test func theFieldIsGeneratedByTwoModuloTheQRPolynomial() {
        #expect(GaloisField.power(0) == 1 && GaloisField.power(7) == 0x80)
        #expect(GaloisField.power(8) == 0x1D, "x⁸ reduces to x⁴ + x³ + x² + 1")
        #expect(GaloisField.power(255) == 1)
        #expect(Set((0..<255).map(GaloisField.power)).count == 255, "α reaches every non-zero byte")
        for a in [UInt8(1), 2, 0x53, 0xCA, 0xFF] {
            #expect(GaloisField.multiply(a, 0) == 0 && GaloisField.multiply(a, 1) == a)
        }
        // 0x53 · 0xCA = 1 in the AES field, but not in QR's: the polynomials differ.
        #expect(GaloisField.multiply(0x53, 0xCA) != 1)
    }

    /// Annex A lists the generators with their coefficients as powers of α.
    func exponents(ofGeneratorDegree degree: Int) -> [Int] {
        ReedSolomon.generatorPolynomial(degree: degree).map { GaloisField.logarithms[Int($0)] }
    }

    @Test func generatorPolynomialsMatchAnnexA() {
        #expect(exponents(ofGeneratorDegree: 7) == [0, 87, 229, 146, 149, 238, 102, 21])
        #expect(exponents(ofGeneratorDegree: 10) == [0, 251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
        #expect(ReedSolomon.generatorPolynomial(degree: 30).count == 31)
    }

    /// Annex I's worked example, "01234567" in version 1-M: its 16 data codewords and the 10
    /// error-correction codewords the standard gives for them.
    @Test func theStandardsWorkedExampleGetsItsErrorCorrectionCodewords() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomon.errorCorrectionCodewords(for: data, count: 10)
            == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// A codeword (data then remainder) is a multiple of the generator, so it vanishes at each
    /// root α⁰…α^(n−1): the property any decoder's syndrome check relies on.
    @Test func everyCodewordVanishesAtTheGeneratorsRoots() {
        let data = (0..<43).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let codeword = data + ReedSolomon.errorCorrectionCodewords(for: data, count: 24)
        for root in 0..<24 {
            let point = GaloisField.power(root)
            let value = codeword.reduce(UInt8(0)) { GaloisField.multiply($0, point) ^ $1 }
            #expect(value == 0, "syndrome at α^\(root)")
        }
    }
}
