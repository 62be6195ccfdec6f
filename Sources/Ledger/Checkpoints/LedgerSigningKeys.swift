import FTZCore
import Crypto
import Foundation
import Storage
import Logging

/// Where the ledger's checkpoint-signing keys come from.
///
/// Keys are written in the Go `note` package's private-key format,
/// `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>`, one per line, so the
/// usual transparency-log tooling can read them. Several lines mean several signers
/// (a rotation in progress: every checkpoint then carries all their signatures).
public enum LedgerSigningKeys {
    public enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        case nameMismatch(expected: String, found: String)
        public var description: String {
            switch self {
            case .malformed(let why): "ledger signing key: \(why)"
            case .nameMismatch(let expected, let found):
                "ledger signing key is named \(found) but the log's origin is \(expected)"
            }
        }
    }

    public static func parse(_ text: String, origin: String) throws -> [NoteSigningKey] {
        try text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { line in
            let parts = line.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
            guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", let blob = Data(base64Encoded: String(parts[4])),
                  blob.count == 33, blob.first == NoteVerifierKey.ed25519
            else { throw Failure.malformed("expected PRIVATE+KEY+name+hexid+base64(0x01‖seed)") }
            guard parts[2] == origin else { throw Failure.nameMismatch(expected: origin, found: String(parts[2])) }
            let key = NoteSigningKey(name: String(parts[2]), privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: blob.dropFirst()))
            guard hex(key.keyID) == parts[3].lowercased() else { throw Failure.malformed("key id does not match the key") }
            return key
        }
    }

    public static func serialize(_ key: NoteSigningKey) -> String {
        "PRIVATE+KEY+\(key.name)+\(hex(key.keyID))+\(Data([NoteVerifierKey.ed25519] + key.privateKey.rawRepresentation).base64EncodedString())"
    }

    /// The configured keys: `inline` (an environment variable) wins, then `file`; with
    /// neither, a development key is generated once into `developmentFile`, loudly.
    public static func load(inline: String?, file: String?, developmentFile: String, origin: String, logger: Logger) throws
        -> [NoteSigningKey]
    {
        if let inline, !inline.isEmpty { return try parse(inline, origin: origin) }
        if let file, !file.isEmpty { return try parse(try String(contentsOfFile: file, encoding: .utf8), origin: origin) }
        if let existing = try? String(contentsOfFile: developmentFile, encoding: .utf8) {
            return try parse(existing, origin: origin)
        }
        let key = NoteSigningKey(name: origin, privateKey: Curve25519.Signing.PrivateKey())
        try DurableFile.write(Data((serialize(key) + "\n").utf8), to: URL(fileURLWithPath: developmentFile))
        logger.warning("""
            GENERATED A NEW LEDGER SIGNING KEY at \(developmentFile). Fine for development; in production set \
            FTZ_LEDGER_SIGNING_KEY or FTZ_LEDGER_SIGNING_KEY_FILE and keep the key secret. Verifier key: \
            \(key.verifier.serialized)
            """)
        return [key]
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.hexEncoded }
}
