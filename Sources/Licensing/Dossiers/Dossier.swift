import FTZCore
import Foundation

/// An application under one version of a procedure.
public struct Dossier: Sendable, Equatable {
    public let id: UUID
    /// Assigned at submission: `HPFTZ-HS-IRC-2026-000123`.
    public var reference: String?
    public let organisationID: UUID
    public let procedureCode: String
    public let procedureVersion: Int
    public var status: DossierStatus
    public var form: JSONValue
    public let createdBy: UUID
    public var assigneeID: UUID?
    public var submittedOn: LocalDate?
    /// The day the statutory clock started (or last restarted): the receipt of the
    /// submission or of the acceptance, as the procedure's clock rule says. Nil until then.
    public var clockStartedOn: LocalDate?
    /// When the result is due; nil while the clock is paused for a supplement.
    public var appointmentOn: LocalDate?
    public var pausedOn: LocalDate?
    /// Days of the time limit left when the clock was paused.
    public var remainingDays: Int?
    /// Working days spent paused, excluded from processing time.
    public var pausedDays: Int
    public var decidedOn: LocalDate?
    public var processingDays: Int?
    public var onTime: Bool?
    public var refusalReasons: [String]
    public var certificateNumber: String?
    /// The provincial one-stop system's code for the dossier (``NationalDossierCode``),
    /// recorded at receipt beside the zone's own reference.
    public var nationalCode: String? = nil
    /// The short code on the receipt that, with the reference, shows the dossier's status to
    /// anyone holding the receipt (``ReceiptCode``); given at submission.
    public var receiptCode: String? = nil
    public let createdAt: Date
    public var updatedAt: Date
    public var version: Int
    /// Past its appointment date and still with the authority, on the day the service
    /// answered; set by the service, never stored.
    public internal(set) var overdue = false

    /// The words a dossier is found by (``TextFolding``): its reference, the national
    /// dossier code, and the names and numbers of its form (short texts only: the expert, the
    /// project, the certificate concerned), each once.
    public var searchTerms: Set<String> {
        var texts = [reference ?? "", nationalCode ?? ""]
        if case .object(let fields) = form {
            for value in fields.values {
                switch value {
                case .string(let text) where text.count <= Self.searchedFieldLength: texts.append(text)
                case .array(let items): texts += items.compactMap(\.stringValue).filter { $0.count <= Self.searchedFieldLength }
                default: break
                }
            }
        }
        return Set(texts.flatMap { TextFolding.folded($0).split(separator: " ").map(String.init) }.filter { $0.count <= 64 })
    }

    /// Longer texts (a reason, a description) are not what people search a dossier by.
    static let searchedFieldLength = 120

    public func isOverdue(today: LocalDate) -> Bool {
        guard status.isActive, let appointmentOn else { return false }
        return appointmentOn < today
    }
}

/// One entry of a dossier's history. Internal notes are kept apart, never here.
public struct DossierEvent: Sendable, Equatable {
    public let id: UUID
    public let at: Date
    public let actor: String
    public let action: String
    public let fromStatus: DossierStatus?
    public let toStatus: DossierStatus
    /// What the investor may see about the step: comment, missing documents, reasons, dates.
    public let details: JSONValue

    /// Steps the authority records itself, beside the state machine's actions.
    static let authorityRecords: Set<String> = ["apology", "consultations_completed"]

    /// Whether the authority took the step (the investor's timeline says so, never which
    /// official): anything not done by a user, the actions only staff roles may take, and
    /// the authority's own records.
    public var byAuthority: Bool {
        guard actor.hasPrefix("user:") else { return true }
        if let taken = DossierAction(rawValue: action) { return taken.isTakenByAuthority }
        return Self.authorityRecords.contains(action)
    }
}

public struct DossierNote: Sendable, Equatable {
    public let id: UUID
    public let author: String
    public let at: Date
    public let text: String
}

public struct DossierDocument: Sendable, Equatable {
    public let id: UUID
    public let dossierID: UUID
    public let documentType: String
    public let filename: String
    public let mediaType: String
    public let size: Int64
    public let sha256: String
    public let uploadedBy: String
    public let uploadedAt: Date
    /// When it stopped counting (replaced or removed); nil while it is the dossier's own.
    public var withdrawnAt: Date? = nil
    /// The document that replaced it; nil if removed or current.
    public var replacedBy: UUID? = nil
}

/// A document with the dossier it belongs to: one row of an enterprise's documents across
/// all its dossiers.
public struct EnterpriseDocument: Sendable, Equatable {
    public let document: DossierDocument
    /// The receipt number, once the dossier was submitted.
    public let dossierReference: String?
    public let procedureCode: String
}

public struct Consultation: Sendable, Equatable {
    public let id: UUID
    public let dossierID: UUID
    public let departmentCode: String
    public let departmentID: UUID
    public let requestedOn: LocalDate
    public let dueOn: LocalDate
    public var status: Status
    public var opinion: String?
    public var answer: String?
    public var answeredAt: Date?
    /// Still owed after its due date, on the day the service answered; never stored.
    public internal(set) var overdue = false

    /// A department either still owes its opinion or has given it.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case pending, answered
    }

    public func isOverdue(today: LocalDate) -> Bool { status == .pending && dueOn < today }

    /// The consultation as the applicant may see it: who, when, by when, whether answered.
    var withoutOpinion: Consultation {
        var copy = self
        copy.opinion = nil
        copy.answer = nil
        return copy
    }
}
