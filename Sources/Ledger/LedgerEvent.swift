import Crypto
import FTZCore
import Foundation

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
    /// Personal data (names, e-mail addresses…): only its SHA-256 enters the ledger, so the
    /// log proves what was recorded without publishing it.
    public var personalData: JSONValue?

    public init(action: String, subjectType: String, subjectID: String, organisationID: UUID?,
                payload: JSONValue = [:], personalData: JSONValue? = nil) {
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

extension LedgerEvent {
    /// The canonical entry for position `index`, chained to `previousLeafHash`.
    func entry(index: Int64, at time: Date, actor: Actor, previousLeafHash: [UInt8]?) -> JSONValue {
        var members: [String: JSONValue] = [
            "index": .integer(index),
            "timestamp": .string(RFC3339.format(time)),
            "actor": ["ref": .string(actor.reference), "organisation": .optional(actor.organisationID?.lowercasedString)],
            "action": .string(action),
            "subject": ["type": .string(subjectType), "id": .string(subjectID)],
            "organisation": .optional(organisationID?.lowercasedString),
            "payload": payload,
            "previous": .optional(previousLeafHash.map { Data($0).base64EncodedString() }),
        ]
        if let personalData {
            members["personalDataDigest"] = .string(Data(SHA256.hash(data: personalData.canonicalBytes)).base64EncodedString())
        }
        return .object(members)
    }
}
