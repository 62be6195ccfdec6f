/// Turns component bytes into text by the interchange's syntax identifier: UNOA, UNOB and
/// UNOC are single-byte (ISO 646 subsets and ISO 8859-1, read as Latin-1); UNOW and UNOY
/// are UTF-8. Other character sets are refused rather than misread.
enum TextDecoder: Sendable {
    case latin1
    case utf8

    init(syntaxIdentifier: String, segment: Int) throws(EDIFACTError) {
        switch syntaxIdentifier {
        case "UNOA", "UNOB", "UNOC": self = .latin1
        case "UNOW", "UNOY": self = .utf8
        default: throw EDIFACTError(.encoding, segment: segment, tag: "UNB", arguments: ["syntax": syntaxIdentifier])
        }
    }

    func decode(_ bytes: [UInt8], segment: Int) throws(EDIFACTError) -> String {
        try bytes.withUnsafeBufferPointer { buffer throws(EDIFACTError) in try decode(buffer, segment: segment) }
    }

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, segment: Int) throws(EDIFACTError) -> String {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        switch self {
        case .latin1:
            var text = String()
            text.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
            return text
        case .utf8:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw EDIFACTError(.encoding, segment: segment, tag: nil) }
            return text
        }
    }
}
