/// The right edge of a growing tree: the roots of its complete subtrees, largest first.
///
/// Appending a leaf merges equal-sized subtrees like a binary counter, and every merge
/// yields a new complete subtree to store. Amortised, one append creates two nodes.
public struct MerkleFrontier: Sendable, Equatable {
    public private(set) var size: Int64
    /// Hashes of the complete subtrees making up the tree, one per set bit of `size`,
    /// from the highest bit down.
    public private(set) var hashes: [[UInt8]]

    public init() {
        size = 0
        hashes = []
    }

    public init(size: Int64, hashes: [[UInt8]]) {
        precondition(size.nonzeroBitCount == hashes.count, "one frontier hash per set bit of the size")
        self.size = size
        self.hashes = hashes
    }

    /// Adds a leaf; returns every complete subtree this created, the leaf itself first.
    public mutating func append(leafHash: [UInt8]) -> [(node: NodeID, hash: [UInt8])] {
        var created: [(NodeID, [UInt8])] = [(NodeID(level: 0, index: size), leafHash)]
        var current = leafHash
        var level = 0
        var index = size
        // Each trailing one bit of the old size is a left sibling waiting for this leaf.
        while (size >> Int64(level)) & 1 == 1 {
            current = MerkleHash.node(hashes.removeLast(), current)
            level += 1
            index >>= 1
            created.append((NodeID(level: level, index: index), current))
        }
        hashes.append(current)
        size += 1
        return created
    }

    /// The root of the tree as it stands.
    public var root: [UInt8] {
        guard var accumulator = hashes.last else { return MerkleHash.empty }
        for hash in hashes.dropLast().reversed() { accumulator = MerkleHash.node(hash, accumulator) }
        return accumulator
    }

    /// The frontier as bytes, 32 per hash, for storage beside the log head.
    public var serialized: [UInt8] { hashes.flatMap { $0 } }

    public init?(size: Int64, serialized: [UInt8]) {
        guard serialized.count == size.nonzeroBitCount * 32 else { return nil }
        self.init(size: size, hashes: stride(from: 0, to: serialized.count, by: 32).map { Array(serialized[$0..<$0 + 32]) })
    }
}
