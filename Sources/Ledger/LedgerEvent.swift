import Crypto
import FTZCore
import Foundation

/// Who may read an entry's content besides auditors and administrators (who read all).
/// Set when the entry is appended; hiding an entry hides its content, never its existence:
/// its hash stays in the tree and in every proof.
public enum LedgerVisibility: String, Sendable, Codable {
    /// The organisation the entry is filed under (`organisationID`) reads it, with officials
    /// named as "the authority".
    case organisation
    /// Only auditors and administrators: advice to the authority (consultation opinions),
    /// its internal work (assignments, notes) and suspicions (alerts) about an enterprise.
    case `internal`
}

/// A state change, as a capability describes it for the audit ledger.
public struct LedgerEvent: Sendable {
    /// Dotted verb naming the change, e.g. `identity.user.created`, `licensing.dossier.submitted`.
    public var action: String
    public var subjectType: String
    public var subjectID: String
    /// The organisation whose affairs this concerns: it may read the entry.
    public var organisationID: UUID?
    /// Public facts of the change (ids, states, digests). Never personal data.
    public var payload: JSONValue
    /// Personal data (names, e-mail addresses…): only its HMAC-SHA256 under the server's
    /// personal-data key enters the ledger, so the log proves what was recorded without
    /// publishing it, and nobody without the key can confirm a guess by hashing candidates.
    public var personalData: JSONValue?
    public var visibility: LedgerVisibility

    public init(action: String, subjectType: String, subjectID: String, organisationID: UUID?,
                payload: JSONValue = [:], personalData: JSONValue? = nil, visibility: LedgerVisibility = .organisation) {
        self.visibility = visibility
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.organisationID = organisationID
        self.payload = payload
        self.personalData = personalData
    }
}

/// Proof that a change was logged: the entry's index and leaf hash, returned to the caller
/// (`Ledger-Receipt` header) so it can later ask for an inclusion proof.
public struct LedgerReceipt: Sendable, Equatable, Codable {
    public let index: Int64
    public let leafHash: [UInt8]

    public init(index: Int64, leafHash: [UInt8]) {
        self.index = index
        self.leafHash = leafHash
    }

    public var leafHashBase64: String { Data(leafHash).base64EncodedString() }

    /// `index=42; leaf-hash=<base64>`: one item of the `Ledger-Receipt` header, whose
    /// items are comma-separated when a request made several changes.
    public var headerValue: String { "index=\(index); leaf-hash=\(leafHashBase64)" }
}

/// An entry before its position is known: canonical JSON cut where the index and the
/// previous entry's hash go. Both append paths (Swift, and PostgreSQL's server-side
/// function) splice the same three segments, so they produce the same bytes.
struct EntryTemplate: Sendable {
    /// `{…"index":`
    let prefix: [UInt8]
    /// `,"organisation":…,"previous":`
    let middle: [UInt8]
    /// `,"subject":…}`
    let suffix: [UInt8]

    func bytes(index: Int64, previousLeafHash: [UInt8]?) -> [UInt8] {
        let previous = previousLeafHash.map { "\"" + Data($0).base64EncodedString() + "\"" } ?? "null"
        return prefix + Array(String(index).utf8) + middle + Array(previous.utf8) + suffix
    }
}

extension LedgerEvent {
    /// The canonical entry, less its index and chain link.
    func template(at time: Date, actor: Actor, personalDataKey: SymmetricKey) -> EntryTemplate {
        var members: [String: JSONValue] = [
            "index": .integer(0),
            "timestamp": .string(RFC3339.format(time)),
            "actor": ["ref": .string(actor.reference), "organisation": .optional(actor.organisationID?.lowercasedString)],
            "action": .string(action),
            "subject": ["type": .string(subjectType), "id": .string(subjectID)],
            "organisation": .optional(organisationID?.lowercasedString),
            "payload": payload,
            "previous": .null,
        ]
        // Entries written before the key existed carry `personalDataDigest` (a bare SHA-256);
        // they keep it, and verify as before: the verifier checks bytes, not their meaning.
        if let personalData {
            let code = HMAC<SHA256>.authenticationCode(for: personalData.canonicalBytes, using: personalDataKey)
            members["personalDataHmac"] = .string(Data(code).base64EncodedString())
        }
        let segments = JSONValue.object(members).canonicalSegments(around: ["index", "previous"])
        return EntryTemplate(prefix: segments[0], middle: segments[1], suffix: segments[2])
    }
}
