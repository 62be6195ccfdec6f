@testable import QRCode
import Testing

@Suite("Versions and capacities at error-correction level M")
struct VersionTableTests {
    /// Table 7's byte-mode capacities at level M, version 1 first.
    static let byteCapacities = [
        14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
        711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
    ]

    /// Table 1's remainder bits: data modules left over after the last whole codeword.
    static func remainderBits(version: Int) -> Int {
        switch version {
        case 2...6: 7
        case 14...20, 28...34: 3
        case 21...27: 4
        default: 0
        }
    }

    @Test func byteCapacitiesMatchTable7() {
        #expect(VersionTable.versions.map { VersionTable.byteCapacity(version: $0) } == Self.byteCapacities)
        #expect(QRCode.maximumByteCount == 2331)
    }

    @Test func theCountIndicatorWidensAtVersion10() {
        #expect(VersionTable.byteCountIndicatorBits(version: 9) == 8)
        #expect(VersionTable.byteCountIndicatorBits(version: 10) == 16)
    }

    /// The block table and the drawn function patterns are checked against each other: the
    /// modules left for data must be exactly the codewords' bits plus the remainder bits.
    @Test(arguments: VersionTable.versions)
    func dataModulesHoldExactlyTheCodewords(version: Int) {
        let matrix = ModuleMatrix.withFunctionPatterns(version: version)
        var dataModules = 0
        for y in 0..<matrix.size {
            for x in 0..<matrix.size where !matrix.isFunctionModule(x: x, y: y) { dataModules += 1 }
        }
        let structure = VersionTable.blockStructure(version: version)
        #expect(dataModules == structure.totalCodewords * 8 + Self.remainderBits(version: version))
        #expect(structure.groups.count <= 2)
        if structure.groups.count == 2 {
            #expect(structure.groups[1].dataCodewordsPerBlock == structure.groups[0].dataCodewordsPerBlock + 1)
        }
    }

    @Test(arguments: VersionTable.versions)
    func alignmentCentresRunFromSixToTheFarTimingCorner(version: Int) {
        let centres = VersionTable.alignmentPatternCentres(version: version)
        guard version > 1 else {
            #expect(centres.isEmpty)
            return
        }
        #expect(centres.count == version / 7 + 2)
        #expect(centres.first == 6 && centres.last == VersionTable.size(version: version) - 7)
        // After the first, the centres are evenly spaced by an even step.
        let steps = Set(zip(centres.dropFirst(2), centres.dropFirst()).map { $0 - $1 })
        #expect(steps.count <= 1 && steps.allSatisfy { $0 % 2 == 0 })
    }
}
