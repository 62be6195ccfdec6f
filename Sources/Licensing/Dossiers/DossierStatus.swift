import FTZCore

/// Where a dossier stands in the one-stop process (Decree 118/2025/NĐ-CP, which replaced
/// Decree 61/2018/NĐ-CP on 1 July 2025).
public enum DossierStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case submitted
    case checking
    case supplementRequested = "supplement_requested"
    case underReview = "under_review"
    case inConsultation = "in_consultation"
    case approved
    case refused
    case certificateIssued = "certificate_issued"
    case withdrawn
    /// The Authority stopped handling it and said why in a notice (Decree 118/2025 as amended
    /// by Decree 367/2025; the notice is one-stop form 05 of Circular 03/2025/TT-VPCP).
    case stopped

    /// Still with the authority: the statutory clock may run, and it can be overdue.
    public var isActive: Bool { [.submitted, .checking, .underReview, .inConsultation].contains(self) }
    public var isFinal: Bool { [.refused, .certificateIssued, .withdrawn, .stopped].contains(self) }
    /// The investor may still change the form and the documents: a draft, or a dossier sent back for a supplement.
    public var isEditableByInvestor: Bool { [.draft, .supplementRequested].contains(self) }
}

/// What someone can do to a dossier. Each moves it between statuses and is recorded in
/// the dossier's history and the ledger.
public enum DossierAction: String, Sendable, Codable, CaseIterable {
    case submit
    case startCheck = "start_check"
    case requestSupplement = "request_supplement"
    case resubmit
    case accept
    case consult
    case approve
    case refuse
    case issueCertificate = "issue_certificate"
    case withdraw
    /// Stopping the handling of a dossier, with its grounds in the comment.
    case stop

    struct Rule: Sendable {
        let from: Set<DossierStatus>
        let to: DossierStatus
        let roles: Set<Role>
    }

    /// The state machine. Investors act on their own organisation's dossiers; staff by role.
    var rule: Rule {
        switch self {
        case .submit: Rule(from: [.draft], to: .submitted, roles: [.investor])
        case .startCheck: Rule(from: [.submitted], to: .checking, roles: [.ezaOfficer])
        case .requestSupplement: Rule(from: [.submitted, .checking], to: .supplementRequested, roles: [.ezaOfficer])
        case .resubmit: Rule(from: [.supplementRequested], to: .checking, roles: [.investor])
        case .accept: Rule(from: [.checking], to: .underReview, roles: [.ezaOfficer])
        case .consult: Rule(from: [.underReview], to: .inConsultation, roles: [.ezaOfficer])
        case .approve: Rule(from: [.underReview], to: .approved, roles: [.ezaApprover])
        case .refuse: Rule(from: [.submitted, .checking, .underReview], to: .refused, roles: [.ezaApprover])
        case .issueCertificate: Rule(from: [.approved], to: .certificateIssued, roles: [.ezaApprover, .ezaOfficer])
        case .withdraw:
            Rule(from: [.draft, .submitted, .checking, .supplementRequested, .underReview, .inConsultation], to: .withdrawn,
                 roles: [.investor])
        case .stop:
            Rule(from: [.checking, .supplementRequested, .underReview, .inConsultation], to: .stopped, roles: [.ezaApprover])
        }
    }

    /// An action only staff roles may take is the authority's; one an investor takes is theirs.
    public var isTakenByAuthority: Bool { !rule.roles.contains(.investor) }

    /// The actions someone with `roles` may take from a status: the buttons a dossier page
    /// offers, from the same rules `perform` enforces.
    public static func available(from status: DossierStatus, to roles: Set<Role>) -> [DossierAction] {
        allowed(from: status).filter { !$0.rule.roles.isDisjoint(with: roles) }
    }

    /// Actions possible from a status, for the 409 that names them and for timelines.
    public static func allowed(from status: DossierStatus) -> [DossierAction] {
        allCases.filter { $0.rule.from.contains(status) }
    }
}
