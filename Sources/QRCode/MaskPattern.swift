/// The eight data-mask patterns (ISO/IEC 18004, 7.8.2, table 10): a data module is inverted
/// where its pattern's condition holds, with i the row and j the column.
public enum MaskPattern: Int, CaseIterable, Sendable {
    case checkerboard = 0, evenRows, everyThirdColumn, diagonals, blocks, fourCellProduct, productParity, mixedParity

    func inverts(row i: Int, column j: Int) -> Bool {
        switch self {
        case .checkerboard: (i + j) % 2 == 0
        case .evenRows: i % 2 == 0
        case .everyThirdColumn: j % 3 == 0
        case .diagonals: (i + j) % 3 == 0
        case .blocks: (i / 2 + j / 3) % 2 == 0
        case .fourCellProduct: (i * j) % 2 + (i * j) % 3 == 0
        case .productParity: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        case .mixedParity: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }
}

extension ModuleMatrix {
    /// Inverts the data modules the pattern selects; function modules are never masked.
    mutating func applyMask(_ pattern: MaskPattern) {
        invertDataModules { x, y in pattern.inverts(row: y, column: x) }
    }
}
