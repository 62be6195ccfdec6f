/// The Reed–Solomon error-correction codewords of one block (ISO/IEC 18004, 7.5.2): the
/// remainder of data(x)·x^n divided by the generator g(x) = (x − α⁰)(x − α¹)…(x − α^(n−1)).
enum ReedSolomon {
    /// The coefficients of g(x) of the given degree, highest power first, leading 1 included.
    static func generatorPolynomial(degree: Int) -> [UInt8] {
        var coefficients: [UInt8] = [1]
        for root in 0..<degree {
            // Multiplying by (x + αʳ): the polynomial shifted up one power, plus αʳ times itself
            // (in GF(2⁸) subtraction and addition are both XOR).
            let factor = GaloisField.power(root)
            var product = coefficients + [0]
            for index in 1..<product.count {
                product[index] ^= GaloisField.multiply(coefficients[index - 1], factor)
            }
            coefficients = product
        }
        return coefficients
    }

    /// The `count` error-correction codewords for `data`, computed as a linear-feedback shift
    /// register would: one pass over the data, no polynomial long division materialised.
    static func errorCorrectionCodewords(for data: [UInt8], count: Int) -> [UInt8] {
        errorCorrectionCodewords(for: data[...], generator: generatorPolynomial(degree: count))
    }

    /// The same, with the generator already computed: every block of a symbol shares one.
    static func errorCorrectionCodewords(for data: ArraySlice<UInt8>, generator: [UInt8]) -> [UInt8] {
        let count = generator.count - 1
        var remainder = [UInt8](repeating: 0, count: count)
        for byte in data {
            let factor = byte ^ remainder[0]
            for index in 0..<(count - 1) {
                remainder[index] = remainder[index + 1] ^ GaloisField.multiply(generator[index + 1], factor)
            }
            remainder[count - 1] = GaloisField.multiply(generator[count], factor)
        }
        return remainder
    }
}
