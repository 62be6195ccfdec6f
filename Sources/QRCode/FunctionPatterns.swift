/// The fixed parts of a symbol (ISO/IEC 18004, 6.3): what a reader locates and calibrates on
/// before it reads a single data bit.
extension ModuleMatrix {
    /// A matrix of the version's size with every function pattern drawn and the format
    /// information area reserved (its bits depend on the mask, chosen later).
    static func withFunctionPatterns(version: Int) -> ModuleMatrix {
        var matrix = ModuleMatrix(size: VersionTable.size(version: version))
        // Timing first: the finders and alignment patterns drawn after overwrite its ends.
        matrix.drawTimingPatterns()
        let far = matrix.size - 7
        for (x, y) in [(0, 0), (far, 0), (0, far)] { matrix.drawFinderPattern(left: x, top: y) }
        matrix.drawAlignmentPatterns(centres: VersionTable.alignmentPatternCentres(version: version))
        matrix.drawFormatInformation(0)
        // The dark module (6.9, figure 25): always dark, beside the lower-left format copy.
        matrix.setFunctionModule(x: 8, y: matrix.size - 8, dark: true)
        if version >= 7 { matrix.drawVersionInformation(VersionInformation.bits(version: version)) }
        return matrix
    }

    /// A 7×7 finder (dark ring, light ring, dark 3×3 core) with its one-module light
    /// separator, clipped where the separator would leave the symbol.
    private mutating func drawFinderPattern(left: Int, top: Int) {
        for y in (top - 1)...(top + 7) where (0..<size).contains(y) {
            for x in (left - 1)...(left + 7) where (0..<size).contains(x) {
                // Chebyshev distance from the centre: 0–1 core, 2 light ring, 3 dark ring, 4 separator.
                let ring = max(abs(x - (left + 3)), abs(y - (top + 3)))
                setFunctionModule(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// Row 6 and column 6 alternate dark and light, dark on even coordinates.
    private mutating func drawTimingPatterns() {
        for index in 0..<size {
            setFunctionModule(x: 6, y: index, dark: index % 2 == 0)
            setFunctionModule(x: index, y: 6, dark: index % 2 == 0)
        }
    }

    /// 5×5 alignment patterns at every pairing of the centre coordinates except the three
    /// that fall on finder patterns.
    private mutating func drawAlignmentPatterns(centres: [Int]) {
        guard let first = centres.first, let last = centres.last else { return }
        for cy in centres {
            for cx in centres {
                let onFinder = (cx == first && cy == first) || (cx == first && cy == last) || (cx == last && cy == first)
                if onFinder { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunctionModule(x: cx + dx, y: cy + dy, dark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
    }

    /// Writes the 15 format bits twice (6.9, figure 25), bit 0 being the least significant:
    /// once around the upper-left finder, once split between the upper-right and lower-left.
    mutating func drawFormatInformation(_ bits: Int) {
        func bit(_ index: Int) -> Bool { bits >> index & 1 == 1 }
        // Upper-left copy: bits 0–7 up column 8 (skipping the timing row), 8–14 along row 8
        // leftwards (skipping the timing column).
        for index in 0...5 { setFunctionModule(x: 8, y: index, dark: bit(index)) }
        setFunctionModule(x: 8, y: 7, dark: bit(6))
        setFunctionModule(x: 8, y: 8, dark: bit(7))
        setFunctionModule(x: 7, y: 8, dark: bit(8))
        for index in 9...14 { setFunctionModule(x: 14 - index, y: 8, dark: bit(index)) }
        // Second copy: bits 0–7 along row 8 from the right edge, 8–14 down column 8 to the bottom.
        for index in 0...7 { setFunctionModule(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8...14 { setFunctionModule(x: 8, y: size - 15 + index, dark: bit(index)) }
    }

    /// Writes the 18 version bits twice (6.10, figure 27): a 6×3 block above the lower-left
    /// finder and its transpose left of the upper-right finder, bit 0 nearest the corner.
    private mutating func drawVersionInformation(_ bits: Int) {
        for index in 0..<18 {
            let isDark = bits >> index & 1 == 1
            let across = index / 3, along = size - 11 + index % 3
            setFunctionModule(x: across, y: along, dark: isDark)
            setFunctionModule(x: along, y: across, dark: isDark)
        }
    }
}
