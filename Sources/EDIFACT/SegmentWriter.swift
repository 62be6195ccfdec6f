/// Writes segments with the release character where the data holds a service character:
/// the inverse of reading, used to build interchanges (tests, benchmarks, replies). Text is
/// written as UTF-8, so it suits UNOW/UNOY interchanges, or ASCII data under any syntax.
public struct SegmentWriter: Sendable {
    public let characters: ServiceCharacters
    public private(set) var bytes: [UInt8] = []
    public private(set) var segmentCount = 0

    public init(characters: ServiceCharacters = .standard, serviceStringAdvice: Bool = true) {
        self.characters = characters
        if serviceStringAdvice {
            bytes = Array("UNA".utf8) + [characters.componentSeparator, characters.elementSeparator, characters.decimalMark,
                                         characters.releaseCharacter ?? UInt8(ascii: " "), characters.reserved, characters.segmentTerminator]
        }
    }

    public mutating func append(_ tag: String, _ elements: [[String]]) {
        bytes += Array(tag.utf8)
        for element in elements {
            bytes.append(characters.elementSeparator)
            for (position, component) in element.enumerated() {
                if position > 0 { bytes.append(characters.componentSeparator) }
                for byte in component.utf8 {
                    if let release = characters.releaseCharacter,
                       byte == release || byte == characters.componentSeparator || byte == characters.elementSeparator
                        || byte == characters.segmentTerminator {
                        bytes.append(release)
                    }
                    bytes.append(byte)
                }
            }
        }
        bytes.append(characters.segmentTerminator)
        segmentCount += 1
    }

    /// Appends a line break, which readers ignore after a terminator.
    public mutating func newline() { bytes.append(UInt8(ascii: "\n")) }
}
