import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Localization
import OpenAPIRuntime
import TradeData

/// Trade data values ⇄ generated API types, texts in the caller's language.
struct TradeMapping {
    let language: Language
    let messages: MessageCatalogue
    let catalogue: TradeCatalogue

    static func json(_ record: Components.Schemas.FeedBatch.RecordsPayloadPayload) -> JSONValue {
        JSONContainers.json(record.additionalProperties)
    }

    func report(_ report: BatchReport) -> Components.Schemas.BatchReport {
        .init(batchId: report.batchID.lowercasedString, kind: .init(report.kind), received: report.records.count,
              accepted: report.count(.accepted), duplicates: report.count(.duplicate), rejected: report.count(.rejected),
              ledgerIndex: report.ledgerIndex,
              records: report.records.map { record in
                  .init(index: record.index, outcome: .init(record.outcome), key: record.key,
                        errors: record.errors.map { .init(pointer: $0.pointer, code: $0.reason,
                                                          detail: messages.text("field.\($0.reason)", language, $0.arguments)) },
                        identity: record.identity == .init() ? nil
                            : .init(eventId: record.identity.eventID, container: record.identity.container,
                                    declaration: record.identity.declaration, message: record.identity.message))
              },
              alerts: report.alerts.map(alert))
    }

    func alert(_ alert: Alert) -> Components.Schemas.Alert {
        .init(id: alert.id.lowercasedString, rule: alert.ruleCode, kind: .init(alert.kind), severity: alert.severity,
              title: catalogue.alertRules.first { $0.code == alert.ruleCode }?.title.text(language) ?? alert.ruleCode, subject: alert.subject,
              container: alert.containerNumber, declaration: alert.declarationNumber, organisationId: alert.organisationID?.lowercasedString,
              status: .init(alert.status), details: .init(additionalProperties: JSONContainers.container(alert.details)), openedAt: alert.openedAt,
              acknowledgedBy: alert.acknowledgedBy, acknowledgedAt: alert.acknowledgedAt, closedBy: alert.closedBy, closedAt: alert.closedAt,
              comment: alert.comment, version: alert.version, position: alert.sequence)
    }

    static func event(_ event: StoredEvent) -> Components.Schemas.TradeEvent {
        .init(eventId: event.eventID, eventType: .init(rawValue: event.kind) ?? .equipment, code: event.code, classifier: event.classifier,
              eventAt: event.eventAt, container: event.container, isoEquipmentCode: event.isoEquipmentCode, emptyIndicator: event.emptyIndicator,
              location: event.location, facility: event.facility, inZone: event.inZone, vesselIMONumber: event.vesselIMO, voyage: event.voyage,
              references: event.references.map { .init(_type: $0.type, value: $0.value) }, seals: event.seals,
              source: .init(rawValue: event.source) ?? .dcsa, organisationId: event.organisationID?.lowercasedString, position: event.sequence,
              receivedAt: event.receivedAt)
    }

    /// A live stream item as the contract's types, as the rest of the API answers them.
    func streamFrame(_ item: StreamItem) throws -> (name: String, data: Data) {
        switch item {
        case .event(let event): ("container_event", try LiveTradeStream.encoder.encode(Self.event(event)))
        case .alert(let alert): ("alert", try LiveTradeStream.encoder.encode(self.alert(alert)))
        }
    }

    static func money(_ money: Money) -> Components.Schemas.Money { .init(amount: money.amount, currency: money.currency.code) }

    static func declaration(_ version: DeclarationVersion) -> Components.Schemas.DeclarationVersion {
        .init(number: version.number, version: version.version, typeCode: version.typeCode, direction: .init(rawValue: version.direction) ?? ._import,
              registeredAt: version.registeredAt, traderTaxCode: version.traderTaxCode, traderName: version.traderName,
              organisationId: version.organisationID?.lowercasedString, totalValue: version.totalValue.map(money), channel: version.channel,
              status: version.status,
              lines: version.lines.map { .init(hsCode: $0.hsCode.digits, description: $0.description, quantity: $0.quantity, unit: $0.unit,
                                               value: money($0.value), originCountry: $0.originCountry, grossWeightKg: $0.grossWeightKg) },
              containers: version.containers, isLatest: version.isLatest)
    }

    func history(_ history: ContainerHistory) -> Components.Schemas.ContainerHistory {
        .init(container: history.container, state: history.state.flatMap { .init(rawValue: $0) }, inZone: history.inZone, since: history.since,
              cargoType: history.cargoType, events: history.events.map(Self.event), declarations: history.declarations.map(Self.declaration),
              manifests: history.manifests.map { .init(vesselIMONumber: $0.vesselIMO, voyage: $0.voyage, portOfLoading: $0.portOfLoading,
                                                       portOfDischarge: $0.portOfDischarge, billNumber: $0.billNumber) },
              supervision: history.supervision.map(Self.supervision), carrierSeals: history.carrierSeals,
              alerts: history.alerts.map(alert), telemetry: history.telemetry.map(Self.telemetry))
    }

    static func supervision(_ status: SupervisionStatus) -> Components.Schemas.ContainerHistory.SupervisionPayloadPayload {
        .init(declarationNumber: status.declarationNumber, status: .init(rawValue: status.state.rawValue) ?? .held, at: status.at,
              facility: status.facility, sealRequired: status.sealRequired,
              customsSeal: status.customsSeal.map { .init(number: $0.number, kind: .init(rawValue: $0.kind.rawValue) ?? .conventional) },
              transit: status.transit.map { .init(declarationNumber: $0.declarationNumber, destination: $0.destination) })
    }

    static func telemetry(_ telemetry: ContainerTelemetry) -> Components.Schemas.ContainerTelemetry {
        .init(readings: telemetry.readings,
              series: telemetry.buckets.map { .init(start: $0.start, readings: $0.readings, minimum: $0.minimum, mean: $0.mean, maximum: $0.maximum,
                                                    setpoint: $0.setpoint) },
              lastSeal: telemetry.lastSeal.map { .init(state: .init(rawValue: $0.state.rawValue) ?? .closed, sealNumber: $0.number, at: $0.at) })
    }

    static func summary(_ summary: TradeSummary) -> Components.Schemas.TradeSummary {
        .init(organisationId: summary.organisationID.lowercasedString, declarations: summary.declarations,
              byDirection: .init(additionalProperties: summary.byDirection), byChannel: .init(additionalProperties: summary.byChannel),
              byStatus: .init(additionalProperties: summary.byStatus),
              value: summary.value.map { .init(direction: $0.direction, total: money($0.total)) },
              topChapters: summary.topChapters.map { .init(chapter: $0.chapter, lines: $0.lines) }, containersInZone: summary.containersInZone,
              openAlerts: summary.openAlerts)
    }
}
