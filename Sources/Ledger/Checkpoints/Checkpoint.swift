import Foundation

/// A C2SP `tlog-checkpoint` body: the log's origin, its size, and its root hash.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: Int64
    public let root: [UInt8]

    public init(origin: String, size: Int64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var body: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    /// Parses a checkpoint body (extension lines after the root are allowed and ignored).
    public init(body: String) throws {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, body.hasSuffix("\n"), !lines[0].isEmpty, let size = Int64(lines[1]), size >= 0,
              let root = Data(base64Encoded: String(lines[2])), root.count == 32
        else { throw SignedNote.FormatError.malformed("checkpoint body must be origin, size and base64 root, one per line") }
        self.init(origin: String(lines[0]), size: size, root: Array(root))
    }
}
