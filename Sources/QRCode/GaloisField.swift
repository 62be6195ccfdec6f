/// Arithmetic in GF(2⁸) as QR codes define it (ISO/IEC 18004, 7.5.2): elements are bytes,
/// addition is XOR, and products are reduced by the primitive polynomial
/// x⁸ + x⁴ + x³ + x² + 1 (0x11D), whose root α = 2 generates every non-zero element.
enum GaloisField {
    static let primitivePolynomial = 0x11D

    /// α^i for i in 0..<510: the table is doubled so that `log a + log b` indexes it
    /// without a modulo in the multiplication every error-correction codeword needs.
    static let exponentials: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for exponent in 0..<255 {
            table[exponent] = UInt8(value)
            table[exponent + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= primitivePolynomial }
        }
        return table
    }()

    /// log_α of every non-zero byte; index 0 is never read because 0 has no logarithm.
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for exponent in 0..<255 { table[Int(exponentials[exponent])] = exponent }
        return table
    }()

    /// α raised to `exponent` (any non-negative exponent; α²⁵⁵ = 1).
    static func power(_ exponent: Int) -> UInt8 { exponentials[exponent % 255] }

    static func multiply(_ left: UInt8, _ right: UInt8) -> UInt8 {
        if left == 0 || right == 0 { return 0 }
        return exponentials[logarithms[Int(left)] + logarithms[Int(right)]]
    }
}
