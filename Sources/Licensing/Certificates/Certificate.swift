import FTZCore
import Foundation

/// A signed result document: canonical JSON content, its Ed25519 signature and status.
public struct Certificate: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case valid
        case revoked
        case superseded
    }

    public let number: String
    public let certificateType: String
    public let dossierID: UUID
    public let organisationID: UUID
    /// RFC 8785 canonical JSON: exactly the signed bytes.
    public let content: String
    public let signature: [UInt8]
    /// Hex key id of the signing key (C2SP key id of `<origin>/certificates`).
    public let keyID: String
    public var status: Status
    public let issuedAt: Date
    public var revokedAt: Date?
    public var revocationReason: String?
    public var supersededBy: String?

    /// Whether `text` is a project code of the national investment information system
    /// (digits only, reference F9.2: its length is not fixed by the decree) rather than a
    /// number this system issued (`HPFTZ-IRC-2026-000001`).
    public static func isNationalProjectCode(_ text: String) -> Bool {
        (6...15).contains(text.count) && text.allSatisfy(\.isASCIIDigit)
    }

    public var contentValue: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(content.utf8))) ?? [:]
    }
}
