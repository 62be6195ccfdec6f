/// The penalty score of a masked symbol (ISO/IEC 18004, 7.8.3, table 11): the encoder keeps
/// the mask with the lowest score, the one least likely to confuse a reader. Each rule is one
/// linear pass; rows and columns share the line rules through a transposed copy.
enum MaskPenalty {
    static let runWeight = 3            // N1
    static let blockWeight = 3          // N2
    static let finderLikeWeight = 40    // N3
    static let balanceWeight = 10       // N4

    static func score(_ matrix: ModuleMatrix) -> Int {
        let size = matrix.size
        let rows = matrix.dark
        var columns = rows
        for y in 0..<size {
            for x in 0..<size { columns[x * size + y] = rows[y * size + x] }
        }
        return linePenalty(rows, lineLength: size) + linePenalty(columns, lineLength: size)
            + blockPenalty(rows, size: size) + balancePenalty(rows)
    }

    /// Rules 1 and 3 over every line of row-major modules: a run of five or more modules of
    /// one colour costs N1 plus one per module beyond five; each 1:1:3:1:1 finder-like
    /// pattern with four light modules on one side, within the symbol, costs N3.
    static func linePenalty(_ modules: [Bool], lineLength: Int) -> Int {
        // The last eleven modules as bits, newest lowest: dark-light-dark×3-light-dark then four
        // light (10111010000), or four light first (00001011101).
        let finderThenLight = 0b101_1101_0000, lightThenFinder = 0b000_0101_1101
        var penalty = 0
        for start in stride(from: 0, to: modules.count, by: lineLength) {
            var runLength = 0
            var runIsDark = false
            var window = 0
            for offset in 0..<lineLength {
                let dark = modules[start + offset]
                if offset > 0 && dark == runIsDark {
                    runLength += 1
                } else {
                    penalty += runPenalty(runLength)
                    runLength = 1
                    runIsDark = dark
                }
                window = (window << 1 | (dark ? 1 : 0)) & 0x7FF
                if offset >= 10 && (window == finderThenLight || window == lightThenFinder) {
                    penalty += finderLikeWeight
                }
            }
            penalty += runPenalty(runLength)
        }
        return penalty
    }

    private static func runPenalty(_ length: Int) -> Int {
        length >= 5 ? runWeight + (length - 5) : 0
    }

    /// Rule 2: every 2×2 square of one colour costs N2; overlapping squares all count.
    static func blockPenalty(_ modules: [Bool], size: Int) -> Int {
        var penalty = 0
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let corner = modules[y * size + x]
                if modules[y * size + x + 1] == corner && modules[(y + 1) * size + x] == corner
                    && modules[(y + 1) * size + x + 1] == corner {
                    penalty += blockWeight
                }
            }
        }
        return penalty
    }

    /// Rule 4: N4 for each full 5 % that the share of dark modules strays from one half.
    static func balancePenalty(_ modules: [Bool]) -> Int {
        let darkCount = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        // |dark/total − 1/2| in steps of 5 %, i.e. |20·dark − 10·total| / total, rounded down.
        let steps = abs(20 * darkCount - 10 * modules.count) / modules.count
        return balanceWeight * steps
    }
}
