import FTZCore
import Foundation

/// A member's information system registered for exchange, known by its X-Road-style
/// identifier `INSTANCE/CLASS/MEMBER/SUBSYSTEM` and called through one machine client.
public struct Subsystem: Sendable, Equatable {
    public let id: UUID
    public let identifier: String
    public let memberID: UUID
    public let memberCode: String
    public let memberClass: String
    public let code: String
    public let name: String
    public let clientID: UUID
    public let createdAt: Date
}

/// Permission for one subsystem to call one service: which fields it receives, which
/// purposes it may state, until when.
public struct Grant: Sendable, Equatable {
    public let id: UUID
    public let subsystemID: UUID
    public let service: String
    public let fields: [String]
    public let purposes: [String]
    public let expiresAt: Date
    public let createdBy: String
    public let createdAt: Date
    public var revokedAt: Date?
    public var revokedBy: String?

    public func isActive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

/// One query as the journal keeps it: who asked what about whom, why, and the outcome.
public struct QueryRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable { case allowed, denied }

    public let id: UUID
    public let at: Date
    public let subsystem: String
    public let memberName: String
    public let service: String
    public let purpose: String
    public let official: String
    public let subjectOrganisation: UUID?
    public let subjectReference: String
    public let outcome: Outcome
    public let reason: String?
    public let fields: [String]
    public var ledgerIndex: Int64?
}

/// Who is being asked about, as the data sources resolved it.
public struct ExchangeSubject: Sendable, Equatable {
    public let organisationID: UUID?
    /// The tax code or certificate number the query named.
    public let reference: String

    public init(organisationID: UUID?, reference: String) {
        self.organisationID = organisationID
        self.reference = reference
    }
}
