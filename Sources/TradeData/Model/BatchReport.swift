import FTZCore
import Foundation

/// What became of each record of a batch. Nothing is dropped silently: every record is
/// accepted, a duplicate of one already stored, or rejected with where and why.
public struct BatchReport: Sendable {
    public enum Outcome: String, Sendable { case accepted, duplicate, rejected }

    public struct Record: Sendable {
        /// Position in the batch (0-based); for EDIFACT, the order of records read.
        public let index: Int
        public let outcome: Outcome
        /// The record's natural key when it could be read (declaration number/version, eventID …).
        public let key: String?
        /// Where the problem is: JSON Pointers, or `segment:N` (with the message reference) for EDIFACT.
        public let errors: [Problem.FieldError]
        /// What the record is about, as sent (even when malformed), so that whoever reads the
        /// report of a 6,000-move COARRI knows which box, declaration or event to fix.
        public let identity: RecordIdentity

        public init(index: Int, outcome: Outcome, key: String?, errors: [Problem.FieldError] = [], identity: RecordIdentity = .init()) {
            self.index = index
            self.outcome = outcome
            self.key = key
            self.errors = errors
            self.identity = identity
        }
    }

    public let batchID: UUID
    public let kind: FeedKind
    public let records: [Record]
    /// Alerts the batch opened.
    public let alerts: [Alert]
    /// The ledger entry of the batch, when anything was accepted.
    public let ledgerIndex: Int64?

    public func count(_ outcome: Outcome) -> Int { records.filter { $0.outcome == outcome }.count }
}

/// The identifiers a feed record carries, read as text before any validation.
public struct RecordIdentity: Sendable, Equatable {
    public var eventID: String?
    public var container: String?
    public var declaration: String?
    /// The EDIFACT message reference (UNH 0062).
    public var message: String?

    public init(eventID: String? = nil, container: String? = nil, declaration: String? = nil, message: String? = nil) {
        self.eventID = eventID
        self.container = container
        self.declaration = declaration
        self.message = message
    }

    /// The first 100 characters of a text member, whatever else is wrong with the record.
    static func text(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value else { return nil }
        return String(text.prefix(100))
    }
}

public enum FeedKind: String, Sendable, Codable {
    case declarations
    case manifests
    case events
    case edifact
    case inspections
    case supervision
    case telemetry
}
