import Crypto
import EDIFACT
import FTZCore
import Foundation

/// Maps terminal messages to the same events DCSA JSON gives: CODECO gate-in/out reports,
/// COARRI discharge/load reports and IFTSTA status reports (SMDG usage, which gives BGM,
/// LOC and DTM qualifiers meanings of their own).
struct EDIFACTEvents {
    let catalogue: TradeCatalogue
    let sender: String

    /// One record per container (or status) the message reports, in order.
    func read(_ message: Message, newID: () -> UUID) -> [(position: Int, result: Result<ContainerEvent, RecordErrors>)] {
        switch message.type {
        case "CODECO", "COARRI": return equipmentReport(message, newID: newID)
        case "IFTSTA": return statusReport(message, newID: newID)
        default:
            return [(message.position, .failure(RecordErrors(key: message.reference, errors: [
                .init("segment:\(message.position)", "edifact.message_type", arguments: ["type": message.type]),
            ])))]
        }
    }

    // MARK: CODECO and COARRI

    /// BGM document codes: gate-in 34 and gate-out 36 (CODECO); discharge 98 or 44, loading
    /// 46 or 270 (COARRI).
    static let documentEvents: [String: [String: String]] = [
        "CODECO": ["34": "GTIN", "36": "GTOT"],
        "COARRI": ["98": "DISC", "44": "DISC", "46": "LOAD", "270": "LOAD"],
    ]

    private func equipmentReport(_ message: Message, newID: () -> UUID) -> [(Int, Result<ContainerEvent, RecordErrors>)] {
        let segments = message.segments
        guard let bgm = segments.first(where: { $0.tag == "BGM" }), let code = bgm.value(0).flatMap({ Self.documentEvents[message.type]?[$0] })
        else {
            let position = segments.first { $0.tag == "BGM" }?.position ?? message.position
            return [(position, .failure(RecordErrors(key: message.reference, errors: [.init("segment:\(position)", "edifact.document_code")])))]
        }
        let firstEquipment = segments.firstIndex { $0.tag == "EQD" } ?? segments.endIndex
        let header = segments[..<firstEquipment]
        let (imo, voyage) = vessel(in: header)
        // COARRI names the port of the operation in its transport group: discharge (11) or loading (9).
        let operationQualifier = code == "LOAD" ? "9" : "11"
        let headerPlace = header.first { $0.tag == "LOC" && $0.value(0) == operationQualifier }
        var records: [(Int, Result<ContainerEvent, RecordErrors>)] = []
        var start = firstEquipment
        while start < segments.endIndex {
            var end = start + 1
            while end < segments.endIndex, segments[end].tag != "EQD", segments[end].tag != "CNT" { end += 1 }
            let group = segments[start..<end]
            records.append((segments[start].position, equipmentEvent(code: code, group: group, headerPlace: headerPlace,
                                                                     operationQualifier: operationQualifier, imo: imo, voyage: voyage,
                                                                     message: message, newID: newID)))
            start = end
            if start < segments.endIndex, segments[start].tag == "CNT" { break }
        }
        return records
    }

    private func equipmentEvent(code: String, group: ArraySlice<Segment>, headerPlace: Segment?, operationQualifier: String,
                                imo: IMONumber?, voyage: String?, message: Message, newID: () -> UUID) -> Result<ContainerEvent, RecordErrors> {
        let eqd = group.first!
        var errors: [Problem.FieldError] = []
        var container: ContainerNumber?
        do { container = try ContainerNumber(eqd.value(1) ?? "") } catch { errors.append(.init("segment:\(eqd.position)", error.reason)) }
        let timeQualifier = message.type == "CODECO" ? "7" : "203"
        let place = group.first { $0.tag == "LOC" && ($0.value(0) == "165" || $0.value(0) == operationQualifier) } ?? headerPlace
        let location = place.flatMap { try? UNLocode($0.value(1, 0) ?? "") }
        let eventAt = time(group.first { $0.tag == "DTM" && $0.value(0, 0) == timeQualifier }, at: location, errors: &errors,
                           fallbackPosition: eqd.position)
        let empty: String? = switch eqd.value(5) {
        case "4": "EMPTY"
        case "5", "7", "8": "LADEN"
        default: nil
        }
        let references = group.filter { $0.tag == "RFF" }.compactMap { segment -> ContainerEvent.Reference? in
            guard let value = segment.value(0, 1) else { return nil }
            switch segment.value(0, 0) {
            case "BN": return .init(type: "BKG", value: value)
            case "BM": return .init(type: "TRD", value: value)
            default: return nil
            }
        }
        let seals = group.filter { $0.tag == "SEL" }.compactMap { $0.value(0) }
        guard errors.isEmpty, let container, let eventAt else {
            return .failure(RecordErrors(key: container.map { "\($0)/\(code)" }, errors: errors,
                                         identity: .init(container: eqd.value(1), message: message.reference)))
        }
        return .success(event(code: code, kind: .equipment, eventAt: eventAt, container: container, isoCode: eqd.value(2, 0), empty: empty,
                              location: location, facility: place?.value(2, 0), imo: imo, voyage: voyage, references: references,
                              seals: seals, newID: newID))
    }

    // MARK: IFTSTA

    /// UN/ECE Recommendation 24 status codes, and the ANSI 315 letters many carriers send.
    static let statusEvents: [String: (ContainerEvent.Kind, String)] = [
        "48": (.equipment, "LOAD"), "29": (.equipment, "DISC"), "93": (.equipment, "STUF"), "28": (.equipment, "STRP"),
        "1": (.transport, "ARRI"), "24": (.transport, "DEPA"),
        "I": (.equipment, "GTIN"), "OA": (.equipment, "GTOT"), "AE": (.equipment, "LOAD"), "UV": (.equipment, "DISC"),
        "VA": (.transport, "ARRI"), "VD": (.transport, "DEPA"),
    ]

    private func statusReport(_ message: Message, newID: () -> UUID) -> [(Int, Result<ContainerEvent, RecordErrors>)] {
        let segments = message.segments
        var records: [(Int, Result<ContainerEvent, RecordErrors>)] = []
        var lastContainer: String?
        var index = segments.startIndex
        while index < segments.endIndex {
            let segment = segments[index]
            if segment.tag == "CNI" { lastContainer = nil }
            guard segment.tag == "STS" else {
                index += 1
                continue
            }
            var end = index + 1
            while end < segments.endIndex, segments[end].tag != "STS", segments[end].tag != "CNI" { end += 1 }
            let group = segments[index..<end]
            if let number = group.first(where: { $0.tag == "EQD" })?.value(1) { lastContainer = number }
            records.append((segment.position, statusEvent(group, container: lastContainer, newID: newID)))
            index = end
        }
        return records
    }

    private func statusEvent(_ group: ArraySlice<Segment>, container text: String?, newID: () -> UUID) -> Result<ContainerEvent, RecordErrors> {
        let sts = group.first!
        var errors: [Problem.FieldError] = []
        guard let status = sts.value(1, 0), let (kind, code) = Self.statusEvents[status] else {
            return .failure(RecordErrors(key: nil, errors: [.init("segment:\(sts.position)", "edifact.status_code",
                                                                  arguments: ["code": sts.value(1, 0) ?? ""])]))
        }
        var container: ContainerNumber?
        if kind == .equipment {
            do { container = try ContainerNumber(text ?? "") } catch {
                let position = group.first { $0.tag == "EQD" }?.position ?? sts.position
                errors.append(.init("segment:\(position)", error.reason))
            }
        }
        let place = group.first { $0.tag == "LOC" && $0.value(0) == "175" }
        let location = place.flatMap { try? UNLocode($0.value(1, 0) ?? "") }
        let eventAt = time(group.first { $0.tag == "DTM" && $0.value(0, 0) == "334" }, at: location, errors: &errors, fallbackPosition: sts.position)
        let (imo, voyage) = vessel(in: group)
        if kind == .transport, imo == nil { errors.append(.init("segment:\(sts.position)", "edifact.vessel_missing")) }
        let references = group.filter { $0.tag == "RFF" && $0.value(0, 0) == "BN" }.compactMap { $0.value(0, 1) }
            .map { ContainerEvent.Reference(type: "BKG", value: $0) }
        guard errors.isEmpty, let eventAt else {
            return .failure(RecordErrors(key: text.map { "\($0)/\(code)" }, errors: errors, identity: .init(container: text)))
        }
        return .success(event(code: code, kind: kind, eventAt: eventAt, container: container,
                              isoCode: group.first { $0.tag == "EQD" }?.value(2, 0), empty: nil, location: location,
                              facility: place?.value(2, 0), imo: imo, voyage: voyage, references: references, seals: [], newID: newID))
    }

    // MARK: Shared

    /// The instant of a wall-clock time (seconds since 1970 as if it were UTC) in `zone`,
    /// by the zone's rules on that date: the offset is looked up once from a first guess,
    /// then again at the instant that guess gives, which settles across a daylight-saving
    /// change. A time the change skips is read with the offset before it (02:30 on the night
    /// clocks go forward is 03:30 summer time); a time that occurs twice, with the offset
    /// after it (the second 02:30).
    static func instant(ofLocalSeconds local: Double, in zone: TimeZone) -> Date {
        let guess = local - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))
        return Date(timeIntervalSince1970: local - Double(offset))
    }

    /// The vessel of a TDT+20 (main carriage): IMO number when C222 says code list 146.
    private func vessel(in segments: ArraySlice<Segment>) -> (IMONumber?, String?) {
        guard let tdt = segments.first(where: { $0.tag == "TDT" && $0.value(0) == "20" }) else { return (nil, nil) }
        let imo = tdt.value(7, 1) == "146" ? tdt.value(7, 0).flatMap { try? IMONumber($0) } : nil
        return (imo, tdt.value(1))
    }

    /// A DTM value in format 203 (CCYYMMDDHHMM), 204 (…SS) or 102 (CCYYMMDD), local to the place.
    private func time(_ dtm: Segment?, at location: UNLocode?, errors: inout [Problem.FieldError], fallbackPosition: Int) -> Date? {
        guard let dtm, let text = dtm.value(0, 1) else {
            errors.append(.init("segment:\(fallbackPosition)", "edifact.time_missing"))
            return nil
        }
        let format = dtm.value(0, 2) ?? "203"
        let digits = Array(text)
        let lengths = ["203": 12, "204": 14, "102": 8]
        guard let length = lengths[format], digits.count == length, digits.allSatisfy(\.isASCIIDigit) else {
            errors.append(.init("segment:\(dtm.position)", "edifact.time_format", arguments: ["format": format]))
            return nil
        }
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range]))! }
        let hour = length >= 12 ? number(8..<10) : 0
        let minute = length >= 12 ? number(10..<12) : 0
        let second = length == 14 ? number(12..<14) : 0
        guard let day = LocalDate(year: number(0..<4), month: number(4..<6), day: number(6..<8)), hour < 24, minute < 60, second < 60 else {
            errors.append(.init("segment:\(dtm.position)", "edifact.time_format", arguments: ["format": format]))
            return nil
        }
        let local = Double(day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second)
        return Self.instant(ofLocalSeconds: local, in: catalogue.timeZone(at: location))
    }

    private func event(code: String, kind: ContainerEvent.Kind, eventAt: Date, container: ContainerNumber?, isoCode: String?, empty: String?,
                       location: UNLocode?, facility: String?, imo: IMONumber?, voyage: String?, references: [ContainerEvent.Reference],
                       seals: [String], newID: () -> UUID) -> ContainerEvent {
        let key = ContainerEvent.key(container: container, vesselIMO: imo, code: code, classifier: "ACT", eventAt: eventAt, location: location,
                                     facility: facility)
        return EventRecord.make(id: newID(), eventID: Self.eventID(for: key), kind: kind, code: code, classifier: "ACT", eventAt: eventAt,
                                container: container, isoCode: isoCode, empty: empty, location: location, facility: facility, imo: imo,
                                voyage: voyage, references: references, seals: seals, source: .edifact, catalogue: catalogue)
    }

    /// A stable eventID for an EDIFACT event: a name-based UUID (version 8) from its key, so
    /// a resent interchange repeats the same ids.
    static func eventID(for key: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(key.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.hexEncoded
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
