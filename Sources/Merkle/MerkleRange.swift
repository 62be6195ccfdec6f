/// The hash of the leaves in `[start, end)` as RFC 9162 defines it for any range that
/// its recursion produces: the maximal aligned complete subtrees of the range, folded
/// right to left. (MTH splits at the largest power of two below the size, which is
/// exactly where the left-most complete subtree ends.)
public struct MerkleRange: Hashable, Sendable {
    public let start: Int64
    public let end: Int64

    public init(_ start: Int64, _ end: Int64) {
        precondition(start < end, "a Merkle range holds at least one leaf")
        self.start = start
        self.end = end
    }

    /// The complete subtrees covering the range, left to right.
    public var subtrees: [NodeID] {
        var nodes: [NodeID] = []
        var position = start
        while position < end {
            // The largest aligned block starting at `position` that fits before `end`.
            var level = 0
            while true {
                let size = Int64(1) << Int64(level + 1)
                guard position % size == 0, position + size <= end else { break }
                level += 1
            }
            nodes.append(NodeID(level: level, index: position >> Int64(level)))
            position += Int64(1) << Int64(level)
        }
        return nodes
    }

    /// Folds stored subtree hashes into the range's hash.
    public func hash(from stored: [NodeID: [UInt8]]) throws -> [UInt8] {
        let nodes = subtrees
        guard var accumulator = stored[nodes[nodes.count - 1]] else { throw MerkleError.missingNode(nodes[nodes.count - 1]) }
        for node in nodes.dropLast().reversed() {
            guard let left = stored[node] else { throw MerkleError.missingNode(node) }
            accumulator = MerkleHash.node(left, accumulator)
        }
        return accumulator
    }
}

/// Largest power of two strictly less than `n` (n ≥ 2), the split point of RFC 9162's MTH.
@inline(__always)
func splitPoint(_ n: Int64) -> Int64 {
    var k: Int64 = 1
    while k << 1 < n { k <<= 1 }
    return k
}
