import DataExchange
import FTZAPI
import FTZCore
import HTTPSupport
import Identity
import Licensing
import Notifications
import Programs
import Risk
import RiskLearning
import TradeData

// Every enum the contract shares with a capability, mapped case by case in both
// directions it is used. A case added on one side and not the other is a compile error
// here, not a crash in production (as `init(rawValue:)!` would be).

// MARK: Capability to contract

extension Components.Schemas.GuideQuestions.QuestionsPayloadPayload._TypePayload {
    init(_ value: EligibilityGuide.Question.Kind) {
        self = switch value {
        case .country: .country
        case .choice: .choice
        case .vsic: .vsic
        case .boolean: .boolean
        case .money: .money
        case .integer: .integer
        }
    }
}

extension Components.Schemas.DossierStatus {
    init(_ value: Licensing.DossierStatus) {
        self = switch value {
        case .draft: .draft
        case .submitted: .submitted
        case .checking: .checking
        case .supplementRequested: .supplementRequested
        case .underReview: .underReview
        case .inConsultation: .inConsultation
        case .approved: .approved
        case .refused: .refused
        case .certificateIssued: .certificateIssued
        case .withdrawn: .withdrawn
        case .stopped: .stopped
        }
    }
}

extension Components.Schemas.Certificate.StatusPayload {
    init(_ value: Licensing.Certificate.Status) {
        self = switch value {
        case .valid: .valid
        case .revoked: .revoked
        case .superseded: .superseded
        }
    }
}

extension Components.Schemas.OrganisationKind {
    init(_ value: FTZCore.OrganisationKind) {
        self = switch value {
        case .zoneAuthority: .zoneAuthority
        case .department: .department
        case .investorEnterprise: .investorEnterprise
        case .customs: .customs
        case .terminalOperator: .terminalOperator
        case .logisticsOperator: .logisticsOperator
        }
    }
}

extension Components.Schemas.WebhookDelivery.StatePayload {
    init(_ value: WebhookDelivery.State) {
        self = switch value {
        case .pending: .pending
        case .delivered: .delivered
        case .failed: .failed
        }
    }
}

extension Components.Schemas.ExchangeCatalogue.ServicesPayloadPayload.SubjectPayload {
    init(_ value: DataExchange.ExchangeCatalogue.Subject) {
        self = switch value {
        case .enterprise: .enterprise
        case .certificate: .certificate
        }
    }
}

extension Components.Schemas.TrackerEntry.OutcomePayload {
    init(_ value: QueryRecord.Outcome) {
        self = switch value {
        case .allowed: .allowed
        case .denied: .denied
        }
    }
}

extension Components.Schemas.BatchReport.KindPayload {
    init(_ value: FeedKind) {
        self = switch value {
        case .declarations: .declarations
        case .manifests: .manifests
        case .events: .events
        case .edifact: .edifact
        case .inspections: .inspections
        case .supervision: .supervision
        case .telemetry: .telemetry
        }
    }
}

extension Components.Schemas.BatchReport.RecordsPayloadPayload.OutcomePayload {
    init(_ value: TradeData.BatchReport.Outcome) {
        self = switch value {
        case .accepted: .accepted
        case .duplicate: .duplicate
        case .rejected: .rejected
        }
    }
}

extension Components.Schemas.Alert.KindPayload {
    init(_ value: AlertRuleKind) {
        self = switch value {
        case .gateOutWithoutRelease: .gateOutWithoutRelease
        case .dwellTime: .dwellTime
        case .hsOutsideLicensedActivities: .hsOutsideLicensedActivities
        case .impossibleSequence: .impossibleSequence
        case .reeferOutOfRange: .reeferOutOfRange
        case .reeferPowerOff: .reeferPowerOff
        case .sealBreach: .sealBreach
        case .sealMismatch: .sealMismatch
        case .truckStopOutsideArea: .truckStopOutsideArea
        }
    }
}

extension Components.Schemas.Alert.StatusPayload {
    init(_ value: TradeData.Alert.Status) {
        self = switch value {
        case .open: .open
        case .acknowledged: .acknowledged
        case .closed: .closed
        }
    }
}

extension Components.Schemas.ProgressStatus {
    init(_ value: ProgressRule.Status) {
        self = switch value {
        case .onTrack: .onTrack
        case .atRisk: .atRisk
        case .offTrack: .offTrack
        case .noTarget: .noTarget
        case .noData: .noData
        }
    }
}

extension Components.Schemas.IndicatorProgress.DirectionPayload {
    init(_ value: Programs.Direction) {
        self = switch value {
        case .higher: .higher
        case .lower: .lower
        }
    }
}

extension Components.Schemas.Milestone.StatusPayload {
    init(_ value: MilestoneStatus) {
        self = switch value {
        case .planned: .planned
        case .inProgress: .inProgress
        case .done: .done
        case .cancelled: .cancelled
        }
    }
}

extension Components.Schemas.IndicatorReport.StatusPayload {
    init(_ value: ReportStatus) {
        self = switch value {
        case .submitted: .submitted
        case .accepted: .accepted
        case .rejected: .rejected
        }
    }
}

// MARK: Contract to capability

extension DossierAction {
    init(_ value: Components.Schemas.DossierTransition.ActionPayload) {
        self = switch value {
        case .submit: .submit
        case .startCheck: .startCheck
        case .requestSupplement: .requestSupplement
        case .resubmit: .resubmit
        case .accept: .accept
        case .consult: .consult
        case .approve: .approve
        case .refuse: .refuse
        case .issueCertificate: .issueCertificate
        case .withdraw: .withdraw
        case .stop: .stop
        }
    }
}

extension TradeService.AlertAction {
    init(_ value: Components.Schemas.AlertTransition.ActionPayload) {
        self = switch value {
        case .acknowledge: .acknowledge
        case .close: .close
        }
    }
}

extension MilestoneStatus {
    init(_ value: Components.Schemas.MilestoneUpdate.StatusPayload) {
        self = switch value {
        case .planned: .planned
        case .inProgress: .inProgress
        case .done: .done
        case .cancelled: .cancelled
        }
    }
}

extension FTZCore.OrganisationKind {
    init(_ value: Components.Schemas.OrganisationKind) {
        self = switch value {
        case .zoneAuthority: .zoneAuthority
        case .department: .department
        case .investorEnterprise: .investorEnterprise
        case .customs: .customs
        case .terminalOperator: .terminalOperator
        case .logisticsOperator: .logisticsOperator
        }
    }
}

// MARK: Risk and identity (the review found `init(rawValue:)!` here again)

/// The contract spells the three lanes the same in each enum that names one.
protocol ContractLane {
    static var green: Self { get }
    static var yellow: Self { get }
    static var red: Self { get }
}

extension ContractLane {
    init(_ lane: RiskLearning.Lane) {
        self = switch lane {
        case .green: .green
        case .yellow: .yellow
        case .red: .red
        }
    }
}

extension Components.Schemas.RiskAssessment.RecommendedLanePayload: ContractLane {}
extension Components.Schemas.RiskAssessment.LanePayload: ContractLane {}
extension Components.Schemas.RiskAssessment.CustomsChannelPayload: ContractLane {}
extension Components.Schemas.RiskAssessment.DecisionPayload.LanePayload: ContractLane {}
extension Components.Schemas.RiskReason.LanePayload: ContractLane {}

extension Components.Schemas.RiskReason.KindPayload {
    init(_ value: RiskAssessment.Reason.Kind) {
        self = switch value {
        case .feature: .feature
        case .profile: .profile
        case .random: .random
        case .budget: .budget
        }
    }
}

extension Components.Schemas.Invitation.StatePayload {
    init(_ value: Invitation.State) {
        self = switch value {
        case .pending: .pending
        case .accepted: .accepted
        case .expired: .expired
        case .revoked: .revoked
        }
    }
}
