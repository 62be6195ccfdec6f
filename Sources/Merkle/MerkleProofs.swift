/// Builds RFC 9162 proofs from stored complete-subtree hashes.
///
/// Each proof element is the hash of one range of leaves; the plan lists those ranges,
/// all their subtrees are fetched in one round trip, and the ranges are folded.
public enum MerkleProofs {
    /// Root hash of the tree of the first `size` leaves.
    public static func root(size: Int64, source: some MerkleNodeSource) async throws -> [UInt8] {
        guard size > 0 else { return MerkleHash.empty }
        let range = MerkleRange(0, size)
        return try range.hash(from: try await source.hashes(of: Set(range.subtrees)))
    }

    /// The ranges whose hashes form PATH(index, D[0:size]), in RFC 9162 §2.1.3.1 order.
    public static func inclusionPlan(index: Int64, size: Int64) throws -> [MerkleRange] {
        guard index >= 0, index < size else { throw MerkleError.indexOutOfRange(index: index, size: size) }
        var ranges: [MerkleRange] = []
        // Walk down from the whole tree; each step records the sibling range. The
        // recursion appends siblings after the deeper path, so collect then reverse.
        var start: Int64 = 0, end = size
        while end - start > 1 {
            let k = splitPoint(end - start)
            if index - start < k {
                ranges.append(MerkleRange(start + k, end))
                end = start + k
            } else {
                ranges.append(MerkleRange(start, start + k))
                start += k
            }
        }
        return ranges.reversed()
    }

    /// The ranges whose hashes form PROOF(from, D[0:to]), in RFC 9162 §2.1.4.1 order.
    public static func consistencyPlan(from: Int64, to: Int64) throws -> [MerkleRange] {
        guard from > 0, from <= to else { throw MerkleError.invalidSizes(from: from, to: to) }
        if from == to { return [] }
        return subproof(m: from, start: 0, end: to, complete: true)
    }

    /// SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1, with m relative to `start`.
    private static func subproof(m: Int64, start: Int64, end: Int64, complete: Bool) -> [MerkleRange] {
        let n = end - start
        if m == n {
            return complete ? [] : [MerkleRange(start, end)]
        }
        let k = splitPoint(n)
        if m <= k {
            return subproof(m: m, start: start, end: start + k, complete: complete) + [MerkleRange(start + k, end)]
        } else {
            return subproof(m: m - k, start: start + k, end: end, complete: false) + [MerkleRange(start, start + k)]
        }
    }

    /// Resolves a plan into hashes with one fetch.
    public static func hashes(for plan: [MerkleRange], source: some MerkleNodeSource) async throws -> [[UInt8]] {
        let needed = Set(plan.flatMap(\.subtrees))
        let stored = needed.isEmpty ? [:] : try await source.hashes(of: needed)
        return try plan.map { try $0.hash(from: stored) }
    }

    public static func inclusionProof(index: Int64, size: Int64, source: some MerkleNodeSource) async throws -> [[UInt8]] {
        try await hashes(for: try inclusionPlan(index: index, size: size), source: source)
    }

    public static func consistencyProof(from: Int64, to: Int64, source: some MerkleNodeSource) async throws -> [[UInt8]] {
        try await hashes(for: try consistencyPlan(from: from, to: to), source: source)
    }
}
