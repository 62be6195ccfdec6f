/// Why a payload could not be encoded.
public enum QRCodeError: Error, Equatable, Sendable {
    /// More bytes than the largest symbol (version 40, level M) holds in byte mode.
    case dataTooLong(byteCount: Int, maximumByteCount: Int)
}

/// A QR code symbol (ISO/IEC 18004) holding bytes in byte mode at error-correction level M,
/// in the smallest version that fits them. Text is written as UTF-8, declared as such by an
/// ECI header when it goes beyond ASCII.
public struct QRCode: Sendable, Equatable {
    /// 1 to 40; the symbol is 17 + 4 · version modules wide.
    public let version: Int
    /// The data mask the penalty rules chose.
    public let mask: MaskPattern
    let matrix: ModuleMatrix

    /// Modules per side, without the quiet zone.
    public var size: Int { matrix.size }

    /// Whether the module at column x, row y (origin top left) is dark.
    public func isDark(x: Int, y: Int) -> Bool {
        precondition((0..<size).contains(x) && (0..<size).contains(y), "(\(x), \(y)) is outside the symbol")
        return matrix.isDark(x: x, y: y)
    }

    /// The most bytes a symbol holds: version 40 at level M (two fewer for non-ASCII text,
    /// whose UTF-8 declaration takes their place).
    public static var maximumByteCount: Int { VersionTable.byteCapacity(version: VersionTable.versions.upperBound) }

    /// Encodes `bytes` as they are, with no declaration of what they mean, in the smallest
    /// version that holds them.
    public static func encode(_ bytes: [UInt8]) throws(QRCodeError) -> QRCode {
        try encode(bytes, declaring: .none)
    }

    /// Encodes the UTF-8 bytes of `text`, in the smallest version that holds them.
    public static func encode(_ text: String) throws(QRCodeError) -> QRCode {
        let bytes = Array(text.utf8)
        return try encode(bytes, declaring: CharacterEncodingDeclaration.forText(bytes))
    }

    private static func encode(_ bytes: [UInt8], declaring declaration: CharacterEncodingDeclaration) throws(QRCodeError) -> QRCode {
        guard let version = VersionTable.smallestVersion(holding: bytes.count, after: declaration) else {
            let maximum = VersionTable.byteCapacity(version: VersionTable.versions.upperBound, after: declaration)
            throw .dataTooLong(byteCount: bytes.count, maximumByteCount: maximum)
        }
        return QRCode(encoding: bytes, declaring: declaration, version: version)
    }

    /// Encodes in the given version, which must hold the bytes; with a mask given, that mask
    /// is used instead of the best one, so that tests can put every mask before a reader.
    init(encoding bytes: [UInt8], declaring declaration: CharacterEncodingDeclaration = .none, version: Int,
         mask forcedMask: MaskPattern? = nil) {
        let codewords = BlockInterleaving.finalSequence(
            dataCodewords: DataCodewords.byteMode(bytes, version: version, declaring: declaration),
            structure: VersionTable.blockStructure(version: version))
        var unmasked = ModuleMatrix.withFunctionPatterns(version: version)
        unmasked.placeCodewords(codewords)

        var best: (matrix: ModuleMatrix, mask: MaskPattern, penalty: Int)?
        for pattern in forcedMask.map({ [$0] }) ?? MaskPattern.allCases {
            var candidate = unmasked
            candidate.applyMask(pattern)
            // Scored with its format information drawn, since readers see that too.
            candidate.drawFormatInformation(FormatInformation.bits(mask: pattern))
            let penalty = MaskPenalty.score(candidate)
            if penalty < best?.penalty ?? .max { best = (candidate, pattern, penalty) }
        }
        self.version = version
        self.mask = best!.mask
        self.matrix = best!.matrix
    }
}
