import Foundation
import Merkle

/// What an external auditor needs from a ledger over the network.
public protocol LedgerEndpoint: Sendable {
    func checkpoint() async throws -> String
    func consistencyProof(from: Int64, to: Int64) async throws -> [[UInt8]]
    /// The leaf hash the log claims for `index`, and its inclusion proof.
    func inclusionProof(index: Int64, treeSize: Int64) async throws -> (leafHash: [UInt8], hashes: [[UInt8]])
    /// The entry's canonical bytes, if the auditor is allowed to read them (nil otherwise).
    func entry(index: Int64) async throws -> [UInt8]?
}

/// An external auditor's check, run against a log it does not control: the checkpoint is
/// signed by a trusted key, consistent with the last checkpoint this auditor saw (kept in
/// a state file), and sampled entries are included in it.
public struct RemoteAudit: Sendable {
    public struct State: Codable, Sendable, Equatable {
        public var origin: String
        public var size: Int64
        public var root: String

        public init(origin: String, size: Int64, root: String) {
            self.origin = origin
            self.size = size
            self.root = root
        }
    }

    public struct Outcome: Sendable {
        public let checkpoint: Checkpoint
        public let previous: State?
        public let sampled: [Int64]
        public let entriesChecked: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public let index: Int64
        public let what: String
        public var description: String { "index \(index): \(what)" }
    }

    let endpoint: any LedgerEndpoint
    let trustedKeys: [NoteVerifierKey]

    public init(endpoint: any LedgerEndpoint, trustedKeys: [NoteVerifierKey]) {
        self.endpoint = endpoint
        self.trustedKeys = trustedKeys
    }

    public func run(previous: State?, samples: Int) async throws -> Outcome {
        let note = try SignedNote.parse(try await endpoint.checkpoint())
        let checkpoint = try Checkpoint(body: note.text)
        guard !note.verifiedSignatures(by: trustedKeys).isEmpty else {
            throw Failure(index: checkpoint.size, what: "checkpoint is not signed by a trusted key")
        }
        if let previous {
            guard previous.origin == checkpoint.origin else {
                throw Failure(index: checkpoint.size, what: "origin changed from \(previous.origin) to \(checkpoint.origin)")
            }
            let oldRoot = Array(Data(base64Encoded: previous.root) ?? Data())
            if checkpoint.size < previous.size {
                throw Failure(index: checkpoint.size, what: "log shrank: size \(checkpoint.size) after \(previous.size) was seen")
            } else if checkpoint.size == previous.size {
                guard oldRoot == checkpoint.root else {
                    throw Failure(index: checkpoint.size, what: "fork: same size \(checkpoint.size), root differs from the one seen before")
                }
            } else if previous.size > 0 {
                let proof = try await endpoint.consistencyProof(from: previous.size, to: checkpoint.size)
                guard MerkleVerification.verifyConsistency(oldSize: previous.size, newSize: checkpoint.size, oldRoot: oldRoot,
                                                           newRoot: checkpoint.root, proof: proof) else {
                    throw Failure(index: previous.size, what: "checkpoint of size \(checkpoint.size) is not consistent with size \(previous.size)")
                }
            }
        }
        var sampled: [Int64] = []
        var entriesChecked = 0
        if checkpoint.size > 0 {
            var generator = SystemRandomNumberGenerator()
            var indices: Set<Int64> = [0, checkpoint.size - 1]
            while indices.count < min(Int64(samples), checkpoint.size) { indices.insert(Int64.random(in: 0..<checkpoint.size, using: &generator)) }
            for index in indices.sorted() {
                let (leafHash, hashes) = try await endpoint.inclusionProof(index: index, treeSize: checkpoint.size)
                guard MerkleVerification.verifyInclusion(index: index, size: checkpoint.size, leafHash: leafHash, proof: hashes,
                                                         root: checkpoint.root) else {
                    throw Failure(index: index, what: "inclusion proof does not lead to the checkpoint root")
                }
                if let bytes = try await endpoint.entry(index: index) {
                    guard MerkleHash.leaf(bytes) == leafHash else {
                        throw Failure(index: index, what: "entry bytes do not hash to the proven leaf hash")
                    }
                    entriesChecked += 1
                }
                sampled.append(index)
            }
        }
        return Outcome(checkpoint: checkpoint, previous: previous, sampled: sampled, entriesChecked: entriesChecked)
    }
}
