import FTZCore
import Crypto
import Foundation

/// A C2SP `signed-note`: UTF-8 text ending in a newline, a blank line, then one
/// signature line per signer: `— <key name> <base64(key id ‖ signature)>`.
/// Ed25519 signatures cover the text exactly as sent, final newline included.
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public let keyName: String
        public let keyID: [UInt8]
        public let signature: [UInt8]

        public init(keyName: String, keyID: [UInt8], signature: [UInt8]) {
            self.keyName = keyName
            self.keyID = keyID
            self.signature = signature
        }
    }

    public let text: String
    public let signatures: [Signature]

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    public enum FormatError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self { case .malformed(let why): "malformed signed note: \(why)" }
        }
    }

    /// Signs `text` with every key.
    public static func sign(_ text: String, with keys: [NoteSigningKey]) throws -> SignedNote {
        precondition(text.hasSuffix("\n"), "note text ends with a newline")
        let signatures = try keys.map { key in
            Signature(keyName: key.name, keyID: key.keyID, signature: Array(try key.privateKey.signature(for: Data(text.utf8))))
        }
        return SignedNote(text: text, signatures: signatures)
    }

    public var serialized: String {
        text + "\n" + signatures.map { "— \($0.keyName) \(Data($0.keyID + $0.signature).base64EncodedString())\n" }.joined()
    }

    public static func parse(_ serialized: String) throws -> SignedNote {
        guard let split = serialized.range(of: "\n\n", options: .backwards) else { throw FormatError.malformed("no blank line") }
        let text = String(serialized[..<split.lowerBound]) + "\n"
        let lines = serialized[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        guard serialized.hasSuffix("\n"), lines.last == "" else { throw FormatError.malformed("missing final newline") }
        var signatures: [Signature] = []
        for line in lines.dropLast() {
            guard line.hasPrefix("— ") else { throw FormatError.malformed("signature line must start with an em dash") }
            let parts = line.dropFirst(2).split(separator: " ")
            guard parts.count == 2, let blob = Data(base64Encoded: String(parts[1])), blob.count > 4 else {
                throw FormatError.malformed("bad signature line")
            }
            signatures.append(Signature(keyName: String(parts[0]), keyID: Array(blob.prefix(4)), signature: Array(blob.dropFirst(4))))
        }
        guard !signatures.isEmpty else { throw FormatError.malformed("no signatures") }
        return SignedNote(text: text, signatures: signatures)
    }

    /// Signature lines that verify under one of `keys` (matched by name and key id).
    public func verifiedSignatures(by keys: [NoteVerifierKey]) -> [Signature] {
        signatures.filter { signature in
            keys.contains { key in
                key.name == signature.keyName && key.keyID == signature.keyID
                    && key.publicKey.isValidSignature(Data(signature.signature), for: Data(text.utf8))
            }
        }
    }
}

/// An Ed25519 key with its C2SP name and id.
public struct NoteSigningKey: Sendable {
    public let name: String
    public let privateKey: Curve25519.Signing.PrivateKey

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.privateKey = privateKey
    }

    public var keyID: [UInt8] { NoteVerifierKey.keyID(name: name, publicKey: privateKey.publicKey) }
    public var verifier: NoteVerifierKey { NoteVerifierKey(name: name, publicKey: privateKey.publicKey) }
}

/// A public key as C2SP publishes it: `name+hexkeyid+base64(0x01 ‖ public key)`.
public struct NoteVerifierKey: Sendable, Equatable {
    public let name: String
    public let publicKey: Curve25519.Signing.PublicKey

    public init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.publicKey = publicKey
    }

    public static func == (lhs: NoteVerifierKey, rhs: NoteVerifierKey) -> Bool {
        lhs.name == rhs.name && lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
    }

    /// 0x01 is the C2SP signature-type byte for Ed25519.
    static let ed25519: UInt8 = 0x01

    /// First four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
    static func keyID(name: String, publicKey: Curve25519.Signing.PublicKey) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Data(name.utf8))
        hasher.update(data: [0x0A, ed25519])
        hasher.update(data: publicKey.rawRepresentation)
        return Array(hasher.finalize().prefix(4))
    }

    public var keyID: [UInt8] { Self.keyID(name: name, publicKey: publicKey) }

    public var serialized: String {
        "\(name)+\(keyID.hexEncoded)+\(Data([Self.ed25519] + publicKey.rawRepresentation).base64EncodedString())"
    }

    public init(parsing text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].count == 8,
              let blob = Data(base64Encoded: String(parts[2])), blob.count == 33, blob.first == Self.ed25519
        else { throw SignedNote.FormatError.malformed("verifier key must be name+hexid+base64(0x01‖key)") }
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: blob.dropFirst())
        self.init(name: String(parts[0]), publicKey: key)
        guard keyID.hexEncoded == parts[1].lowercased() else {
            throw SignedNote.FormatError.malformed("key id does not match the key")
        }
    }
}
