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

        public init(index: Int, outcome: Outcome, key: String?, errors: [Problem.FieldError] = []) {
            self.index = index
            self.outcome = outcome
            self.key = key
            self.errors = errors
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

public enum FeedKind: String, Sendable, Codable {
    case declarations
    case manifests
    case events
    case edifact
}
