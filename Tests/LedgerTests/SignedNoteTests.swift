import Crypto
import Foundation
import Ledger
import Testing

/// The reference example of golang.org/x/mod/sumdb/note (the C2SP signed-note reference
/// implementation): our keys, key ids and signatures must match it byte for byte.
@Suite("C2SP signed notes and checkpoints")
struct SignedNoteTests {
    static let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let signerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let note = text + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func signingReproducesTheReferenceNote() throws {
        let keys = try LedgerSigningKeys.parse(Self.signerKey, origin: "PeterNeumann")
        #expect(keys.count == 1)
        #expect(keys[0].verifier.serialized == Self.verifierKey)
        #expect(try SignedNote.sign(Self.text, with: keys).serialized == Self.note)
        #expect(LedgerSigningKeys.serialize(keys[0]) == Self.signerKey)
    }

    @Test func theReferenceNoteVerifies() throws {
        let verifier = try NoteVerifierKey(parsing: Self.verifierKey)
        let parsed = try SignedNote.parse(Self.note)
        #expect(parsed.text == Self.text)
        #expect(parsed.verifiedSignatures(by: [verifier]).count == 1)
        let tampered = try SignedNote.parse(Self.note.replacingOccurrences(of: "cryptography", with: "cryptographY"))
        #expect(tampered.verifiedSignatures(by: [verifier]).isEmpty)
        let otherKey = NoteVerifierKey(name: "PeterNeumann", publicKey: Curve25519.Signing.PrivateKey().publicKey)
        #expect(parsed.verifiedSignatures(by: [otherKey]).isEmpty)
    }

    @Test func malformedKeysAndNotesAreRefused() {
        #expect(throws: (any Error).self) { try NoteVerifierKey(parsing: "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") }
        #expect(throws: (any Error).self) { try NoteVerifierKey(parsing: "PeterNeumann+c74f20a3+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") }
        #expect(throws: (any Error).self) { try LedgerSigningKeys.parse(Self.signerKey, origin: "someone.else/log") }
        #expect(throws: (any Error).self) { try SignedNote.parse(Self.text) }
        #expect(throws: (any Error).self) { try SignedNote.parse(Self.text + "\n- PeterNeumann AAAA\n") }
    }

    @Test func checkpointsCarrySeveralSignaturesDuringRotation() throws {
        let old = NoteSigningKey(name: "hpftz.gov.vn/ledger", privateKey: .init())
        let new = NoteSigningKey(name: "hpftz.gov.vn/ledger", privateKey: .init())
        let checkpoint = Checkpoint(origin: "hpftz.gov.vn/ledger", size: 42, root: Array(repeating: 7, count: 32))
        let note = try SignedNote.sign(checkpoint.body, with: [new, old])
        let parsed = try SignedNote.parse(note.serialized)
        #expect(try Checkpoint(body: parsed.text) == checkpoint)
        #expect(parsed.verifiedSignatures(by: [old.verifier]).count == 1)
        #expect(parsed.verifiedSignatures(by: [new.verifier, old.verifier]).count == 2)
        #expect(checkpoint.body == "hpftz.gov.vn/ledger\n42\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n")
    }
}
