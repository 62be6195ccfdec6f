/// The square of modules being built, row by row, with a note of which modules belong to
/// function patterns (finders, timing, alignment, format and version information): those are
/// neither filled with data nor masked.
struct ModuleMatrix: Sendable, Equatable {
    let size: Int
    /// Row-major: the module at column x, row y is at y · size + x.
    private(set) var dark: [Bool]
    private(set) var isFunction: [Bool]

    init(size: Int) {
        self.size = size
        dark = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
    }

    func isDark(x: Int, y: Int) -> Bool { dark[y * size + x] }

    func isFunctionModule(x: Int, y: Int) -> Bool { isFunction[y * size + x] }

    /// Sets a module of a function pattern, which data placement and masking then leave alone.
    mutating func setFunctionModule(x: Int, y: Int, dark isDark: Bool) {
        dark[y * size + x] = isDark
        isFunction[y * size + x] = true
    }

    /// Sets a data module; function modules are never passed here.
    mutating func setDataModule(x: Int, y: Int, dark isDark: Bool) {
        dark[y * size + x] = isDark
    }

    /// Inverts every data module at whose column x and row y `selects` holds: one pass, the
    /// function modules skipped.
    mutating func invertDataModules(where selects: (_ x: Int, _ y: Int) -> Bool) {
        let isFunction = self.isFunction
        for y in 0..<size {
            let rowStart = y * size
            for x in 0..<size where !isFunction[rowStart + x] && selects(x, y) {
                dark[rowStart + x].toggle()
            }
        }
    }
}
