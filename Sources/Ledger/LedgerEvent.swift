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
            "timestamp": .string(LedgerTime.format(time)),
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

/// RFC 3339 UTC with milliseconds, formatted without Foundation's formatters (which are
/// slow and locale-sensitive) because every append formats one.
enum LedgerTime {
    static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int(millis.quotientFloorDiv(86_400_000))
        let msOfDay = Int(millis - Int64(days) * 86_400_000)
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(msOfDay / 3_600_000, 2)):"
            + "\(pad(msOfDay / 60_000 % 60, 2)):\(pad(msOfDay / 1000 % 60, 2)).\(pad(msOfDay % 1000, 3))Z"
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func quotientFloorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
