/// Splits interchange bytes into segments in one pass, honouring the release character:
/// a separator counts only when an even number of release characters precede it (`??'`
/// ends a segment with a literal `?`; `???'` is a literal `?'`). Line breaks right after a
/// terminator are ignored; anywhere else they are data.
struct SegmentScanner {
    let bytes: [UInt8]
    let characters: ServiceCharacters
    var decoder: TextDecoder = .latin1
    private(set) var offset: Int
    private(set) var segmentNumber = 0
    /// Where the last segment read began, to give it back with ``unread()``.
    private var lastStart: Int
    /// Reused between components, so unescaping allocates only the resulting string.
    private var scratch: [UInt8] = []

    init(bytes: [UInt8], characters: ServiceCharacters, offset: Int) {
        self.bytes = bytes
        self.characters = characters
        self.offset = offset
        lastStart = offset
        scratch.reserveCapacity(256)
    }

    var atEnd: Bool {
        var position = offset
        while position < bytes.count, Self.isLineSpace(bytes[position]) { position += 1 }
        return position >= bytes.count
    }

    static func isLineSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// The next segment, or nil at the end of the input. A malformed segment throws after
    /// it has been skipped, so reading can resume with the one after.
    mutating func next() throws(EDIFACTError) -> Segment? {
        while offset < bytes.count, Self.isLineSpace(bytes[offset]) { offset += 1 }
        guard offset < bytes.count else { return nil }
        segmentNumber += 1
        lastStart = offset
        var scratch = self.scratch
        let (segment, end, problem) = bytes.withUnsafeBufferPointer { buffer in
            Self.scan(buffer, from: offset, number: segmentNumber, characters: characters, decoder: decoder, scratch: &scratch)
        }
        self.scratch = scratch
        offset = end
        if let problem { throw problem }
        return segment
    }

    /// Steps back before the last segment read.
    mutating func unread() {
        offset = lastStart
        segmentNumber -= 1
    }

    private static func scan(_ buffer: UnsafeBufferPointer<UInt8>, from first: Int, number: Int, characters: ServiceCharacters,
                             decoder: TextDecoder, scratch: inout [UInt8]) -> (Segment?, Int, EDIFACTError?) {
        let component = characters.componentSeparator
        let element = characters.elementSeparator
        let terminator = characters.segmentTerminator
        let release = characters.releaseCharacter.map(Int.init) ?? -1
        var components: [String] = []
        var elementEnds: [Int] = []
        var tag: String?
        var escaped = false
        var problem: EDIFACTError?
        scratch.removeAll(keepingCapacity: true)
        var start = first
        var position = first
        while position < buffer.count {
            let byte = buffer[position]
            if Int(byte) == release {
                guard position + 1 < buffer.count else { return (nil, buffer.count, EDIFACTError(.releaseAtEnd, segment: number, tag: tag)) }
                if !escaped {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<position]))
                    escaped = true
                }
                scratch.append(buffer[position + 1])
                position += 2
                continue
            }
            guard byte == component || byte == element || byte == terminator else {
                if escaped { scratch.append(byte) }
                position += 1
                continue
            }
            let value: String
            do {
                value = escaped
                    ? try decoder.decode(scratch, segment: number)
                    : try decoder.decode(UnsafeBufferPointer(rebasing: buffer[start..<position]), segment: number)
            } catch {
                problem = problem ?? error
                value = ""
            }
            escaped = false
            scratch.removeAll(keepingCapacity: true)
            if tag != nil {
                components.append(value)
                if byte != component { elementEnds.append(components.count) }
            } else {
                if byte == component || !isTag(value) { problem = problem ?? EDIFACTError(.tagInvalid, segment: number, tag: String(value.prefix(16))) }
                tag = value
            }
            position += 1
            start = position
            if byte == terminator {
                if let problem { return (nil, position, problem) }
                return (Segment(tag: tag!, position: number, components: components, elementEnds: elementEnds), position, nil)
            }
        }
        return (nil, buffer.count, EDIFACTError(.unterminatedSegment, segment: number, tag: tag.map { String($0.prefix(16)) }))
    }

    static func isTag(_ text: String) -> Bool {
        let utf8 = text.utf8
        return utf8.count == 3 && utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }
    }
}
