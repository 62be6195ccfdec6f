import FTZCore
import Foundation
import Localization

/// One of the city's big problems, tracked as a programme.
public struct Programme: Sendable, Equatable {
    public let id: UUID
    public var number: Int
    public var code: String
    public var title: LocalizedText
    public var leadSectors: [String]
    /// The department (organisation code) leading it, if any.
    public var leadDepartment: String?
    public var legalBasis: LocalizedText
    public var expectedResults: LocalizedText
    public var version: Int
}

/// Whether more or less of an indicator is better.
public enum Direction: String, Sendable, Codable {
    case higher
    case lower
}

/// A target: a value (`low`), or a range (`low`–`high`, e.g. USD 3–5 billion), by a date.
public struct Target: Sendable, Codable, Equatable {
    public var low: Double?
    public var high: Double?
    public var date: LocalDate

    public init(low: Double?, high: Double?, date: LocalDate) {
        self.low = low
        self.high = high
        self.date = date
    }

    /// The least value that meets the target in the better direction: the bound nearer
    /// the baseline (a range's low end when higher is better).
    public func threshold(_ direction: Direction) -> Double? {
        switch direction {
        case .higher: low ?? high
        case .lower: high ?? low
        }
    }
}

public struct Baseline: Sendable, Codable, Equatable {
    public var value: Double
    public var date: LocalDate

    public init(value: Double, date: LocalDate) {
        self.value = value
        self.date = date
    }
}

/// A measured quantity of a programme: reported by its responsible department, or
/// computed live from this system (`liveMetric`).
public struct Indicator: Sendable, Equatable {
    public let id: UUID
    public let programmeID: UUID
    public var code: String
    public var group: String?
    public var name: LocalizedText
    public var unit: String
    public var direction: Direction
    public var baseline: Baseline?
    public var target: Target?
    public var dataSource: String
    public var responsibleDepartment: String?
    public var liveMetric: String?
    /// The latest accepted measurement (by period), kept beside the indicator so the
    /// portfolio needs no scan of the reports.
    public var latestValue: Double?
    public var latestPeriodEnd: LocalDate?
    public var version: Int
}

public enum MilestoneStatus: String, Sendable, Codable, CaseIterable {
    case planned
    case inProgress = "in_progress"
    case done
    case cancelled
}

public struct Milestone: Sendable, Equatable {
    public let id: UUID
    public let programmeID: UUID
    public var title: LocalizedText
    public var dueOn: LocalDate
    public var status: MilestoneStatus
    public var version: Int

    /// Due before `today` and neither done nor cancelled.
    public func isOverdue(today: LocalDate) -> Bool {
        dueOn < today && (status == .planned || status == .inProgress)
    }
}

public enum ReportStatus: String, Sendable, Codable {
    case submitted
    case accepted
    case rejected
}

/// A measurement by the responsible department. A correction is a new report that names
/// the one it corrects; nothing is overwritten.
public struct MeasurementReport: Sendable, Equatable {
    public let id: UUID
    public let indicatorID: UUID
    public let value: Double
    public let periodStart: LocalDate
    public let periodEnd: LocalDate
    public let evidence: [String]
    public let comment: String?
    public var status: ReportStatus
    public let corrects: UUID?
    public let submittedBy: String
    public let submittedAt: Date
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var reviewComment: String?
}
