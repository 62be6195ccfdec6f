import FTZCore
import Foundation
import Storage

/// An event as stored, with its place in the live stream.
public struct StoredEvent: Sendable, Equatable {
    public let eventID: String
    public let kind: String
    public let code: String
    public let classifier: String
    public let eventAt: Date
    public let container: String?
    public let isoEquipmentCode: String?
    public let emptyIndicator: String?
    public let location: String?
    public let facility: String?
    public let inZone: Bool
    public let vesselIMO: String?
    public let voyage: String?
    public let references: [ContainerEvent.Reference]
    public let seals: [String]
    public let source: String
    public let organisationID: UUID?
    public let sequence: Int64
    public let receivedAt: Date

    init(_ row: EventRepository.EventRow) {
        eventID = row.event_id
        kind = row.event_type
        code = row.code
        classifier = row.classifier
        eventAt = row.event_at
        container = row.container_number
        isoEquipmentCode = row.iso_code
        emptyIndicator = row.empty_indicator
        location = row.un_locode
        facility = row.facility
        inZone = row.in_zone
        vesselIMO = row.vessel_imo
        voyage = row.voyage
        references = SQLJSON.decode([ContainerEvent.Reference].self, row.refs) ?? []
        seals = SQLJSON.decode([String].self, row.seals) ?? []
        source = row.source
        organisationID = row.organisation_id
        sequence = row.seq
        receivedAt = row.received_at
    }
}

/// One version of a declaration, as staff see it beside a container or an enterprise.
public struct DeclarationVersion: Sendable, Equatable {
    public let id: UUID
    public let number: String
    public let version: Int
    public let typeCode: String
    public let direction: String
    public let registeredAt: Date
    public let traderTaxCode: String
    public let traderName: String
    public let organisationID: UUID?
    public let totalValue: Money?
    public let channel: String
    public let status: String
    public let lines: [Declaration.Line]
    public let containers: [String]
    public let isLatest: Bool

    init(_ row: DeclarationRepository.Row) {
        id = row.id
        number = row.number
        version = row.version
        typeCode = row.type_code
        direction = row.direction
        registeredAt = row.registered_at
        traderTaxCode = row.trader_tax_code
        traderName = row.trader_name
        organisationID = row.organisation_id
        totalValue = (try? Currency(row.currency)).map { Money(minorUnits: row.total_minor, currency: $0) }
        channel = row.channel
        status = row.status
        lines = SQLJSON.decode([Declaration.Line].self, row.lines) ?? []
        containers = SQLJSON.decode([String].self, row.containers) ?? []
        isLatest = row.is_latest
    }
}

/// A container's track and trace: where it stands, every event, the declarations and
/// manifests that name it, and its alerts.
public struct ContainerHistory: Sendable {
    public let container: String
    public let state: String?
    public let inZone: Bool
    public let since: Date?
    public let cargoType: String?
    public let events: [StoredEvent]
    public let declarations: [DeclarationVersion]
    public let manifests: [ManifestListing]
    public let alerts: [Alert]
    /// What its reefer unit and e-seal reported, when they did.
    public let telemetry: ContainerTelemetry?
    /// What the port's customs supervision said of it, oldest first, with the customs seal.
    public let supervision: [SupervisionStatus]
    /// The carrier's seals the manifests list: not customs seals (F12.3).
    public let carrierSeals: [String]
}

public struct ManifestListing: Sendable, Equatable {
    public let vesselIMO: String
    public let voyage: String
    public let portOfLoading: String
    public let portOfDischarge: String
    public let billNumber: String
}

/// An enterprise's trade at a glance, from the latest version of each declaration.
public struct TradeSummary: Sendable {
    public let organisationID: UUID
    public let declarations: Int
    public let byDirection: [String: Int]
    public let byChannel: [String: Int]
    public let byStatus: [String: Int]
    /// Declared value per direction and currency (never converted).
    public let value: [(direction: String, total: Money)]
    /// The most declared HS chapters by number of lines.
    public let topChapters: [(chapter: Int, lines: Int)]
    public let containersInZone: Int
    public let openAlerts: Int
}

/// An item of the live stream, in stream order.
public enum StreamItem: Sendable {
    case event(StoredEvent)
    case alert(Alert)

    public var sequence: Int64 {
        switch self {
        case .event(let event): event.sequence
        case .alert(let alert): alert.sequence
        }
    }
}
