@testable import QRCode
import Testing

@Suite("Mask patterns and penalty rules")
struct MaskPenaltyTests {
    func grid(_ rows: [String]) -> [Bool] { rows.joined().map { $0 == "#" } }

    @Test func runsOfFiveOrMoreCostThreePlusTheExcess() {
        #expect(MaskPenalty.linePenalty(grid(["#####..", ".......", "#.#.#.#", "##.##.#", ".#.#.#.", "#.#.#.#", "####.##"]), lineLength: 7)
            == 3 + (3 + 2))
    }

    @Test func finderLikePatternsCostFortyEach() {
        // Both orientations in one line of 15: light×4 then 1011101, then light×4.
        let line = grid(["....#.###.#...."])
        #expect(MaskPenalty.linePenalty(line, lineLength: 15) == 2 * 40)
    }

    @Test func everyTwoByTwoSquareOfOneColourCosts() {
        #expect(MaskPenalty.blockPenalty(grid(["###", "###", "#.."]), size: 3) == 2 * 3)
        #expect(MaskPenalty.blockPenalty(grid(["#.", ".#"]), size: 2) == 0)
    }

    @Test func darkShareCostsTenPerFullFivePercentFromHalf() {
        let twenty = 20
        func modules(dark: Int) -> [Bool] { (0..<twenty).map { $0 < dark } }
        #expect(MaskPenalty.balancePenalty(modules(dark: 10)) == 0)
        #expect(MaskPenalty.balancePenalty(modules(dark: 11)) == 10, "55 %")
        #expect(MaskPenalty.balancePenalty(modules(dark: 8)) == 20, "40 %")
        #expect(MaskPenalty.balancePenalty(modules(dark: 20)) == 100)
    }

    /// Table 10's conditions at a few hand-worked positions (row i, column j).
    @Test func maskConditionsFollowTable10() {
        let cases: [(MaskPattern, Int, Int, Bool)] = [
            (.checkerboard, 1, 1, true), (.checkerboard, 1, 2, false),
            (.evenRows, 2, 5, true), (.evenRows, 3, 0, false),
            (.everyThirdColumn, 7, 3, true), (.everyThirdColumn, 0, 4, false),
            (.diagonals, 1, 2, true), (.diagonals, 2, 2, false),
            (.blocks, 0, 2, true), (.blocks, 2, 0, false), (.blocks, 3, 6, false), (.blocks, 2, 3, true),
            (.fourCellProduct, 0, 9, true), (.fourCellProduct, 2, 3, true), (.fourCellProduct, 2, 1, false),
            (.productParity, 1, 1, true), (.productParity, 2, 2, false), (.productParity, 1, 5, false),
            (.mixedParity, 0, 0, true), (.mixedParity, 1, 1, false), (.mixedParity, 1, 2, false), (.mixedParity, 0, 2, true),
        ]
        for (pattern, row, column, inverted) in cases {
            #expect(pattern.inverts(row: row, column: column) == inverted, "mask \(pattern.rawValue) at (\(row), \(column))")
        }
    }

    @Test func maskingLeavesFunctionPatternsAlone() {
        var matrix = ModuleMatrix.withFunctionPatterns(version: 7)
        let before = matrix
        matrix.applyMask(.checkerboard)
        for y in 0..<matrix.size {
            for x in 0..<matrix.size where matrix.isFunctionModule(x: x, y: y) {
                #expect(matrix.isDark(x: x, y: y) == before.isDark(x: x, y: y))
            }
        }
        #expect(matrix != before)
    }
}
