/// Proof verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe it, for
/// clients and for the offline verifier.
public enum MerkleVerification {
    /// Recomputes the root from a leaf hash and its inclusion proof; `nil` if the proof is malformed.
    public static func rootFromInclusionProof(index: Int64, size: Int64, leafHash: [UInt8], proof: [[UInt8]]) -> [UInt8]? {
        guard index >= 0, index < size else { return nil }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    public static func verifyInclusion(index: Int64, size: Int64, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8]) -> Bool {
        rootFromInclusionProof(index: index, size: size, leafHash: leafHash, proof: proof) == root
    }

    /// Checks that `newRoot` of size `newSize` extends `oldRoot` of size `oldSize`.
    public static func verifyConsistency(oldSize: Int64, newSize: Int64, oldRoot: [UInt8], newRoot: [UInt8],
                                         proof: [[UInt8]]) -> Bool {
        guard oldSize > 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        var path = proof
        // If the old tree is a complete subtree, its root is the implicit first element.
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}
