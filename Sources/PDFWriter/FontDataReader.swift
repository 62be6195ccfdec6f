/// Bounds-checked big-endian reads from font data: a damaged font fails with an error
/// instead of trapping.
struct FontDataReader: Sendable {
    let bytes: [UInt8]

    func uint8(at offset: Int) throws(FontError) -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw .truncated }
        return bytes[offset]
    }

    func uint16(at offset: Int) throws(FontError) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { throw .truncated }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    func int16(at offset: Int) throws(FontError) -> Int16 {
        Int16(bitPattern: try uint16(at: offset))
    }

    func uint32(at offset: Int) throws(FontError) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { throw .truncated }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    func slice(_ range: Range<Int>) throws(FontError) -> ArraySlice<UInt8> {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw .truncated }
        return bytes[range]
    }
}

public enum FontError: Error, Equatable, Sendable {
    case truncated
    case notTrueType
    case missingTable(String)
    case malformed(String)
    /// The font's fsType forbids embedding it, or embedding it as a subset.
    case embeddingNotPermitted
    case resourceMissing(String)
}
