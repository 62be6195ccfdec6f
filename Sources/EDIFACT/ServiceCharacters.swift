/// The six characters that structure an interchange (ISO 9735 UNA service string advice).
public struct ServiceCharacters: Sendable, Equatable {
    public var componentSeparator: UInt8
    public var elementSeparator: UInt8
    /// `.` or `,`; numbers in the data use it.
    public var decimalMark: UInt8
    /// Makes the next character literal; nil when the advice names none (a space).
    public var releaseCharacter: UInt8?
    /// Position 5 of the advice: reserved in syntax versions 1–3, the repetition separator in 4.
    public var reserved: UInt8
    public var segmentTerminator: UInt8

    /// `UNA:+.? '`, assumed when an interchange starts without UNA.
    public static let standard = ServiceCharacters(componentSeparator: UInt8(ascii: ":"), elementSeparator: UInt8(ascii: "+"),
                                                   decimalMark: UInt8(ascii: "."), releaseCharacter: UInt8(ascii: "?"),
                                                   reserved: UInt8(ascii: " "), segmentTerminator: UInt8(ascii: "'"))

    public init(componentSeparator: UInt8, elementSeparator: UInt8, decimalMark: UInt8, releaseCharacter: UInt8?, reserved: UInt8,
                segmentTerminator: UInt8) {
        self.componentSeparator = componentSeparator
        self.elementSeparator = elementSeparator
        self.decimalMark = decimalMark
        self.releaseCharacter = releaseCharacter
        self.reserved = reserved
        self.segmentTerminator = segmentTerminator
    }

    /// Reads the six characters after `UNA`, by position and without any release processing.
    init(advice bytes: some Collection<UInt8>) throws(EDIFACTError) {
        let characters = Array(bytes)
        guard characters.count == 6 else { throw EDIFACTError(.serviceStringAdvice, segment: 0, tag: "UNA") }
        componentSeparator = characters[0]
        elementSeparator = characters[1]
        decimalMark = characters[2]
        releaseCharacter = characters[3] == UInt8(ascii: " ") ? nil : characters[3]
        reserved = characters[4]
        segmentTerminator = characters[5]
        let separators = [componentSeparator, elementSeparator, segmentTerminator] + (releaseCharacter.map { [$0] } ?? [])
        guard Set(separators).count == separators.count, decimalMark == UInt8(ascii: ".") || decimalMark == UInt8(ascii: ",") else {
            throw EDIFACTError(.serviceStringAdvice, segment: 0, tag: "UNA")
        }
    }
}
