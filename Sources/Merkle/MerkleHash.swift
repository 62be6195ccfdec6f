import Crypto

/// RFC 9162 §2.1.1 hashing: leaves and interior nodes are domain-separated by a prefix
/// byte so a leaf can never be passed off as a node.
public enum MerkleHash {
    /// SHA-256 of nothing: the root of the empty tree.
    public static let empty: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// SHA-256(0x00 ‖ entry).
    public static func leaf<Bytes: Sequence>(_ entry: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(entry))
        return Array(hasher.finalize())
    }

    /// SHA-256(0x00 ‖ entry) without copying the bytes first.
    public static func leaf(_ entry: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(bufferPointer: entry)
        return Array(hasher.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }
}

/// A complete subtree: the 2^level leaves starting at `index << level`.
/// Storing the hash of every complete subtree lets any prefix root and any proof be
/// assembled from O(log n) stored hashes, without re-hashing the log.
public struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let level: Int
    public let index: Int64

    public init(level: Int, index: Int64) {
        self.level = level
        self.index = index
    }

    public var firstLeaf: Int64 { index << Int64(level) }
    public var leafCount: Int64 { 1 << Int64(level) }
    public var description: String { "(\(level),\(index))" }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        (lhs.level, lhs.index) < (rhs.level, rhs.index)
    }
}

/// Where stored subtree hashes come from (a database, or memory in tests).
public protocol MerkleNodeSource: Sendable {
    /// Hashes of the given complete subtrees; every one must exist.
    func hashes(of nodes: Set<NodeID>) async throws -> [NodeID: [UInt8]]
}

public enum MerkleError: Error, Equatable, CustomStringConvertible {
    case indexOutOfRange(index: Int64, size: Int64)
    case invalidSizes(from: Int64, to: Int64)
    case missingNode(NodeID)

    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size): "leaf index \(index) is not in a tree of size \(size)"
        case .invalidSizes(let from, let to): "no consistency proof from size \(from) to size \(to)"
        case .missingNode(let node): "stored hash of subtree \(node) is missing"
        }
    }
}
