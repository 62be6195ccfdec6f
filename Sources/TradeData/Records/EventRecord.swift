import FTZCore
import Foundation

/// A DCSA Track & Trace 2.2 event (EQUIPMENT or TRANSPORT) read into a ``ContainerEvent``.
enum EventRecord {
    static func read(_ record: JSONValue, at pointer: String, id: UUID, catalogue: TradeCatalogue) -> Result<ContainerEvent, RecordErrors> {
        let reader = RecordReader()
        guard reader.object(record, at: pointer) != nil else { return .failure(RecordErrors(key: nil, errors: reader.errors)) }
        let eventID = reader.string(record["eventID"], at: "\(pointer)/eventID", maximum: 100)
        let kind = reader.oneOf(record["eventType"], at: "\(pointer)/eventType", ["EQUIPMENT", "TRANSPORT"]).flatMap(ContainerEvent.Kind.init)
        let classifier = reader.oneOf(record["eventClassifierCode"], at: "\(pointer)/eventClassifierCode", ContainerEvent.classifiers)
        let eventAt = reader.instant(record["eventDateTime"], at: "\(pointer)/eventDateTime")
        var code: String?
        var container: ContainerNumber?
        var isoCode: String?
        var empty: String?
        switch kind {
        case .equipment:
            code = reader.oneOf(record["equipmentEventTypeCode"], at: "\(pointer)/equipmentEventTypeCode", ContainerEvent.equipmentCodes)
            container = reader.value(record["equipmentReference"], at: "\(pointer)/equipmentReference", ContainerNumber.init)
            isoCode = reader.string(record["ISOEquipmentCode"], at: "\(pointer)/ISOEquipmentCode", required: false, maximum: 4)
            empty = reader.oneOf(record["emptyIndicatorCode"], at: "\(pointer)/emptyIndicatorCode", ["EMPTY", "LADEN"], required: false)
        case .transport:
            code = reader.oneOf(record["transportEventTypeCode"], at: "\(pointer)/transportEventTypeCode", ContainerEvent.transportCodes)
        case nil:
            break
        }
        let call = reader.object(record["transportCall"], at: "\(pointer)/transportCall", required: kind == .transport)
        let place = reader.object(record["eventLocation"], at: "\(pointer)/eventLocation", required: false)
        let placePointer = place != nil || call == nil ? "\(pointer)/eventLocation" : "\(pointer)/transportCall"
        let where_ = place ?? call
        let location = reader.value(where_?["UNLocationCode"], at: "\(placePointer)/UNLocationCode", required: kind == .equipment, UNLocode.init)
        let facility = reader.string(where_?["facilityCode"], at: "\(placePointer)/facilityCode", required: false, maximum: 20)
        let vessel = call?["vessel"]
        let imo = reader.value(vessel?["vesselIMONumber"], at: "\(pointer)/transportCall/vessel/vesselIMONumber", required: kind == .transport,
                               IMONumber.init)
        let voyage = reader.string(call?["exportVoyageNumber"] ?? call?["importVoyageNumber"] ?? call?["carrierVoyageNumber"],
                                   at: "\(pointer)/transportCall/exportVoyageNumber", required: false, maximum: 50)
        let references = reader.array(record["documentReferences"], at: "\(pointer)/documentReferences", required: false, maximum: 100)
            .compactMap { item, itemPointer -> ContainerEvent.Reference? in
                guard let type = reader.string(item["documentReferenceType"], at: "\(itemPointer)/documentReferenceType", maximum: 3),
                      let value = reader.string(item["documentReferenceValue"], at: "\(itemPointer)/documentReferenceValue", maximum: 100)
                else { return nil }
                return .init(type: type, value: value)
            }
        let seals = reader.array(record["seals"], at: "\(pointer)/seals", required: false, maximum: 20)
            .compactMap { item, itemPointer in reader.string(item["sealNumber"], at: "\(itemPointer)/sealNumber", maximum: 50) }
        guard reader.errors.isEmpty, let eventID, let kind, let classifier, let eventAt, let code else {
            return .failure(RecordErrors(key: eventID, errors: reader.errors,
                                         identity: .init(eventID: RecordIdentity.text(record["eventID"]),
                                                         container: RecordIdentity.text(record["equipmentReference"]))))
        }
        return .success(make(id: id, eventID: eventID, kind: kind, code: code, classifier: classifier, eventAt: eventAt, container: container,
                             isoCode: isoCode, empty: empty, location: location, facility: facility, imo: imo, voyage: voyage,
                             references: references, seals: seals, source: .dcsa, catalogue: catalogue))
    }

    /// Builds an event with its content digest over what it says, not how it came, so the
    /// same gate-in reported by EDIFACT and by DCSA JSON is one event.
    static func make(id: UUID, eventID: String, kind: ContainerEvent.Kind, code: String, classifier: String, eventAt: Date,
                     container: ContainerNumber?, isoCode: String?, empty: String?, location: UNLocode?, facility: String?,
                     imo: IMONumber?, voyage: String?, references: [ContainerEvent.Reference], seals: [String],
                     source: ContainerEvent.Source, catalogue: TradeCatalogue) -> ContainerEvent {
        let content: JSONValue = [
            "kind": .string(kind.rawValue), "code": .string(code), "classifier": .string(classifier),
            "eventAt": .integer(Int64(eventAt.timeIntervalSince1970)), "container": .optional(container?.rawValue),
            "iso": .optional(isoCode), "empty": .optional(empty), "location": .optional(location?.rawValue), "facility": .optional(facility),
            "imo": .optional(imo?.digits), "voyage": .optional(voyage),
            "references": .array(references.sorted { ($0.type, $0.value) < ($1.type, $1.value) }.map { .string("\($0.type):\($0.value)") }),
            "seals": .array(seals.sorted().map(JSONValue.string)),
        ]
        return ContainerEvent(id: id, eventID: eventID, kind: kind, code: code, classifier: classifier, eventAt: eventAt, container: container,
                              isoEquipmentCode: isoCode, emptyIndicator: empty, location: location, facility: facility,
                              inZone: catalogue.isInZone(location, facility: facility), vesselIMO: imo, voyage: voyage,
                              references: references, seals: seals, source: source, organisationID: nil,
                              digest: RecordReader.digest(content))
    }
}
