import Foundation
import Merkle
import Testing

/// Published RFC 6962 / 9162 vectors (the leaf inputs, roots and proofs used by
/// transparency-dev/merkle's tests) plus a brute-force cross-check against the
/// definition of MTH and PATH.
@Suite("RFC 9162 Merkle tree")
struct MerkleVectorTests {
    static let leafInputs: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"].map(hex)
    static let roots: [[UInt8]] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(hex)

    /// (leaf index, tree size, proof), zero-based indices.
    static let inclusionVectors: [(Int64, Int64, [String])] = [
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]

    static let consistencyVectors: [(Int64, Int64, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    @Test func emptyTreeRootIsSHA256OfNothing() {
        #expect(MerkleHash.empty == hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    }

    @Test func frontierRootsMatchPublishedRoots() {
        var frontier = MerkleFrontier()
        for (size, input) in Self.leafInputs.enumerated() {
            _ = frontier.append(leafHash: MerkleHash.leaf(input))
            #expect(frontier.root == Self.roots[size], "root of size \(size + 1)")
        }
    }

    @Test func storedSubtreesGiveEveryPrefixRoot() async throws {
        let tree = InMemoryTree(leaves: Self.leafInputs)
        for size in 1...8 {
            #expect(try await MerkleProofs.root(size: Int64(size), source: tree) == Self.roots[size - 1])
        }
    }

    @Test func inclusionProofsMatchVectors() async throws {
        let tree = InMemoryTree(leaves: Self.leafInputs)
        for (index, size, expected) in Self.inclusionVectors {
            let proof = try await MerkleProofs.inclusionProof(index: index, size: size, source: tree)
            #expect(proof == expected.map(hex), "inclusion \(index) in \(size)")
            #expect(MerkleVerification.verifyInclusion(index: index, size: size, leafHash: MerkleHash.leaf(Self.leafInputs[Int(index)]),
                                                       proof: proof, root: Self.roots[Int(size) - 1]))
        }
    }

    @Test func consistencyProofsMatchVectors() async throws {
        let tree = InMemoryTree(leaves: Self.leafInputs)
        for (from, to, expected) in Self.consistencyVectors {
            let proof = try await MerkleProofs.consistencyProof(from: from, to: to, source: tree)
            #expect(proof == expected.map(hex), "consistency \(from)→\(to)")
            #expect(MerkleVerification.verifyConsistency(oldSize: from, newSize: to, oldRoot: Self.roots[Int(from) - 1],
                                                         newRoot: Self.roots[Int(to) - 1], proof: proof))
        }
    }

    @Test func corruptedProofsAreRejected() async throws {
        let tree = InMemoryTree(leaves: Self.leafInputs)
        let leaf = MerkleHash.leaf(Self.leafInputs[5])
        let proof = try await MerkleProofs.inclusionProof(index: 5, size: 8, source: tree)
        let root = Self.roots[7]
        #expect(!MerkleVerification.verifyInclusion(index: 4, size: 8, leafHash: leaf, proof: proof, root: root))
        #expect(!MerkleVerification.verifyInclusion(index: 5, size: 16, leafHash: leaf, proof: proof, root: root))
        #expect(!MerkleVerification.verifyInclusion(index: 5, size: 8, leafHash: leaf, proof: proof + [root], root: root))
        #expect(!MerkleVerification.verifyInclusion(index: 5, size: 8, leafHash: leaf, proof: Array(proof.dropLast()), root: root))
        var flipped = proof
        flipped[1][0] ^= 8
        #expect(!MerkleVerification.verifyInclusion(index: 5, size: 8, leafHash: leaf, proof: flipped, root: root))

        let consistency = try await MerkleProofs.consistencyProof(from: 6, to: 8, source: tree)
        #expect(!MerkleVerification.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: Self.roots[7], newRoot: Self.roots[5],
                                                      proof: consistency))
        #expect(!MerkleVerification.verifyConsistency(oldSize: 5, newSize: 8, oldRoot: Self.roots[5], newRoot: Self.roots[7],
                                                      proof: consistency))
        #expect(!MerkleVerification.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: Self.roots[5], newRoot: Self.roots[7],
                                                      proof: []))
    }

    @Test(arguments: [1, 2, 3, 7, 31, 64, 100, 257])
    func everyProofVerifiesAgainstTheDefinition(size: Int) async throws {
        let leaves = (0..<size).map { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        let tree = InMemoryTree(leaves: leaves)
        let hashes = leaves.map { MerkleHash.leaf($0) }
        for prefix in Set([1, size / 2 + 1, size]) where prefix >= 1 {
            let root = reference(hashes[0..<prefix])
            #expect(try await MerkleProofs.root(size: Int64(prefix), source: tree) == root)
            for index in 0..<prefix {
                let proof = try await MerkleProofs.inclusionProof(index: Int64(index), size: Int64(prefix), source: tree)
                #expect(MerkleVerification.verifyInclusion(index: Int64(index), size: Int64(prefix), leafHash: hashes[index],
                                                           proof: proof, root: root))
            }
            for old in 1...prefix {
                let proof = try await MerkleProofs.consistencyProof(from: Int64(old), to: Int64(prefix), source: tree)
                #expect(MerkleVerification.verifyConsistency(oldSize: Int64(old), newSize: Int64(prefix),
                                                             oldRoot: reference(hashes[0..<old]), newRoot: root, proof: proof))
            }
        }
    }

    @Test func frontierSerialisesAndRestores() {
        var frontier = MerkleFrontier()
        for input in Self.leafInputs.prefix(7) { _ = frontier.append(leafHash: MerkleHash.leaf(input)) }
        let restored = MerkleFrontier(size: 7, serialized: frontier.serialized)
        #expect(restored == frontier)
        #expect(MerkleFrontier(size: 8, serialized: frontier.serialized) == nil)
    }

    /// MTH straight from RFC 9162 §2.1.1, recursively.
    func reference(_ hashes: ArraySlice<[UInt8]>) -> [UInt8] {
        if hashes.count == 1 { return hashes.first! }
        var k = 1
        while k * 2 < hashes.count { k *= 2 }
        let split = hashes.startIndex + k
        return MerkleHash.node(reference(hashes[hashes.startIndex..<split]), reference(hashes[split...]))
    }
}

/// Every complete subtree of a tree built in memory.
struct InMemoryTree: MerkleNodeSource {
    let nodes: [NodeID: [UInt8]]

    init(leaves: [[UInt8]]) {
        var frontier = MerkleFrontier()
        var nodes: [NodeID: [UInt8]] = [:]
        for leaf in leaves {
            for created in frontier.append(leafHash: MerkleHash.leaf(leaf)) { nodes[created.node] = created.hash }
        }
        self.nodes = nodes
    }

    func hashes(of wanted: Set<NodeID>) async throws -> [NodeID: [UInt8]] {
        var found: [NodeID: [UInt8]] = [:]
        for node in wanted {
            guard let hash = nodes[node] else { throw MerkleError.missingNode(node) }
            found[node] = hash
        }
        return found
    }
}

func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
