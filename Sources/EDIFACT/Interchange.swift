/// What UNB says about an interchange.
public struct InterchangeHeader: Sendable, Equatable {
    public let syntaxIdentifier: String
    public let syntaxVersion: String
    public let sender: String
    public let senderQualifier: String?
    public let recipient: String
    public let recipientQualifier: String?
    /// `YYMMDD` (syntax 1–3) or `CCYYMMDD` (4), and `HHMM`, as sent.
    public let preparationDate: String
    public let preparationTime: String
    public let controlReference: String
    public let applicationReference: String?
    public let isTest: Bool
}

/// One message (UNH … UNT), its envelope segments removed.
public struct Message: Sendable, Equatable {
    public let reference: String
    /// `CODECO`, `COARRI`, `IFTSTA` …
    public let type: String
    public let version: String
    public let release: String
    public let agency: String
    /// The association-assigned code naming the implementation guide (`ITG14`, `SMDG21`).
    public let association: String?
    /// Position of UNH in the interchange.
    public let position: Int
    public let segments: [Segment]
}

/// A whole interchange read at once. Envelope faults (UNB, UNZ, unterminated data) throw;
/// a faulty message (UNT count, references) is reported in place and the others kept.
public struct Interchange: Sendable {
    public let characters: ServiceCharacters
    public let header: InterchangeHeader
    public let messages: [Result<Message, EDIFACTError>]

    public static func parse(_ bytes: [UInt8]) throws(EDIFACTError) -> Interchange {
        var reader = try InterchangeReader(bytes)
        var messages: [Result<Message, EDIFACTError>] = []
        while let message = try reader.next() { messages.append(message) }
        return Interchange(characters: reader.characters, header: reader.header, messages: messages)
    }
}

/// Reads an interchange message by message, so a large one is never held parsed at once.
public struct InterchangeReader: Sendable {
    public let characters: ServiceCharacters
    public let header: InterchangeHeader
    private var scanner: SegmentScanner
    private var messagesRead = 0
    private var groupsRead = 0
    private var openGroup: (reference: String, messages: Int, position: Int)?
    private var finished = false

    public init(_ bytes: [UInt8]) throws(EDIFACTError) {
        var start = 0
        while start < bytes.count, SegmentScanner.isLineSpace(bytes[start]) || bytes[start] == 0xEF || bytes[start] == 0xBB
            || bytes[start] == 0xBF { start += 1 }
        guard start < bytes.count else { throw EDIFACTError(.empty, segment: 0, tag: nil) }
        var characters = ServiceCharacters.standard
        if bytes.count - start >= 3, bytes[start] == UInt8(ascii: "U"), bytes[start + 1] == UInt8(ascii: "N"),
           bytes[start + 2] == UInt8(ascii: "A") {
            guard bytes.count - start >= 9 else { throw EDIFACTError(.serviceStringAdvice, segment: 0, tag: "UNA") }
            characters = try ServiceCharacters(advice: bytes[(start + 3)..<(start + 9)])
            start += 9
        }
        self.characters = characters
        scanner = SegmentScanner(bytes: bytes, characters: characters, offset: start)
        guard let unb = try scanner.next(), unb.tag == "UNB" else { throw EDIFACTError(.unbMissing, segment: 1, tag: nil) }
        guard let syntax = unb.value(0, 0), let version = unb.value(0, 1), let sender = unb.value(1, 0),
              let recipient = unb.value(2, 0), let date = unb.value(3, 0), let time = unb.value(3, 1),
              let reference = unb.value(4, 0)
        else { throw EDIFACTError(.unbInvalid, segment: 1, tag: "UNB") }
        scanner.decoder = try TextDecoder(syntaxIdentifier: syntax, segment: 1)
        header = InterchangeHeader(syntaxIdentifier: syntax, syntaxVersion: version, sender: sender, senderQualifier: unb.value(1, 1),
                                   recipient: recipient, recipientQualifier: unb.value(2, 1), preparationDate: date,
                                   preparationTime: time, controlReference: reference, applicationReference: unb.value(6, 0),
                                   isTest: unb.value(10, 0) == "1")
    }

    /// The next message, or nil once UNZ has been read and checked.
    public mutating func next() throws(EDIFACTError) -> Result<Message, EDIFACTError>? {
        guard !finished else { return nil }
        while true {
            guard let segment = try scanner.next() else { throw EDIFACTError(.unzMissing, segment: scanner.segmentNumber + 1, tag: nil) }
            switch segment.tag {
            case "UNH":
                return try readMessage(opening: segment)
            case "UNG":
                guard let reference = segment.value(4, 0) else { throw EDIFACTError(.unbInvalid, segment: segment.position, tag: "UNG") }
                openGroup = (reference, 0, segment.position)
            case "UNE":
                guard let group = openGroup else { throw EDIFACTError(.segmentOutsideMessage, segment: segment.position, tag: "UNE") }
                guard segment.value(0) == String(group.messages) else {
                    throw EDIFACTError(.uneCount, segment: segment.position, tag: "UNE",
                                       arguments: ["declared": segment.value(0) ?? "", "counted": String(group.messages)])
                }
                guard segment.value(1) == group.reference else {
                    throw EDIFACTError(.uneReference, segment: segment.position, tag: "UNE")
                }
                groupsRead += 1
                openGroup = nil
            case "UNZ":
                try finish(segment)
                return nil
            default:
                throw EDIFACTError(.segmentOutsideMessage, segment: segment.position, tag: segment.tag)
            }
        }
    }

    private mutating func finish(_ unz: Segment) throws(EDIFACTError) {
        let counted = groupsRead > 0 ? groupsRead : messagesRead
        guard let declared = unz.value(0).flatMap({ Int($0) }), declared == counted else {
            throw EDIFACTError(.unzCount, segment: unz.position, tag: "UNZ", arguments: ["declared": unz.value(0) ?? "", "counted": String(counted)])
        }
        guard unz.value(1) == header.controlReference else {
            throw EDIFACTError(.unzReference, segment: unz.position, tag: "UNZ",
                               arguments: ["declared": unz.value(1) ?? "", "expected": header.controlReference])
        }
        guard scanner.atEnd else { throw EDIFACTError(.dataAfterUNZ, segment: unz.position + 1, tag: nil) }
        finished = true
    }

    /// Reads up to UNT. A message that breaks its own envelope, or holds a malformed
    /// segment, is reported as a failure and reading resumes after it; a missing UNT ends the
    /// message at the next UNH, UNE or UNZ.
    private mutating func readMessage(opening unh: Segment) throws(EDIFACTError) -> Result<Message, EDIFACTError> {
        messagesRead += 1
        openGroup?.messages += 1
        var segments: [Segment] = []
        var problem: EDIFACTError?
        while true {
            let segment: Segment?
            do { segment = try scanner.next() } catch {
                if error.reason == .unterminatedSegment || error.reason == .releaseAtEnd { throw error }  // the input is cut short
                problem = problem ?? error
                segments.append(Segment(tag: "???", position: error.segment, elements: []))  // still counted by UNT
                continue
            }
            guard let segment else { throw EDIFACTError(.unzMissing, segment: scanner.segmentNumber + 1, tag: nil) }
            if segment.tag == "UNH" || segment.tag == "UNZ" || segment.tag == "UNE" {
                scanner.unread()
                return .failure(problem ?? EDIFACTError(.untMissing, segment: unh.position, tag: "UNH"))
            }
            guard segment.tag == "UNT" else {
                segments.append(segment)
                continue
            }
            if let problem { return .failure(problem) }
            guard let reference = unh.value(0), let type = unh.value(1, 0), let version = unh.value(1, 1), let release = unh.value(1, 2),
                  let agency = unh.value(1, 3)
            else { return .failure(EDIFACTError(.unhInvalid, segment: unh.position, tag: "UNH")) }
            let counted = segments.count + 2
            guard let declared = segment.value(0).flatMap({ Int($0) }), declared == counted else {
                return .failure(EDIFACTError(.untCount, segment: segment.position, tag: "UNT",
                                             arguments: ["declared": segment.value(0) ?? "", "counted": String(counted)]))
            }
            guard segment.value(1) == reference else {
                return .failure(EDIFACTError(.untReference, segment: segment.position, tag: "UNT",
                                             arguments: ["declared": segment.value(1) ?? "", "expected": reference]))
            }
            return .success(Message(reference: reference, type: type, version: version, release: release, agency: agency,
                                    association: unh.value(1, 4), position: unh.position, segments: segments))
        }
    }
}
