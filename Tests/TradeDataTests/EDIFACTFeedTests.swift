import FTZCore
import Foundation
import Storage
import TestSupport
import Testing
@testable import TradeData

@Suite("EDIFACT feeds become the same events as DCSA JSON")
struct EDIFACTFeedTests {
    /// A gate-in report from a zone terminal: two containers, the second with a wrong check digit.
    static let codeco = """
        UNA:+.? 'UNB+UNOA:2+HICT:ZZZ+HPFTZ:ZZZ+260302:1000+CO1++CODECO'
        UNH+1+CODECO:D:95B:UN:ITG14'BGM+34+GI1+9'TDT+20+512W+1++MAEU:172:166+++9778791:146:11:MAERSK EXAMPLE'
        EQD+CN+MSKU1234565+45G1:102:5++2+5'RFF+BN:BKG123456'DTM+7:202603020900:203'LOC+165+VNHPH:139:6+HICT:TER:ZZZ'SEL+ML1234567+CA'
        EQD+CN+MSKU1234566+22G1:102:5++2+4'DTM+7:202603020910:203'LOC+165+VNHPH:139:6+HICT:TER:ZZZ'
        CNT+16:2'UNT+13+1'UNZ+1+CO1'
        """

    static let coarriAndStatus = """
        UNB+UNOC:3+HICT:ZZZ+HPFTZ:ZZZ+260302:1800+CA1'
        UNH+1+COARRI:D:95B:UN:ITG14'BGM+98+DS1+9'TDT+20+512W+1++MAEU:172:166+++9778791:146:11:MAERSK EXAMPLE'LOC+11+VNHPH:139:6+HICT:TER:ZZZ'
        EQD+CN+TGHU1643396+22G1:102:5++3+5'DTM+203:202603021045:203'CNT+16:1'UNT+8+1'
        UNH+2+IFTSTA:D:99B:UN'BGM+23+IS1+9'CNI+1+MAEU123456789'STS+1+24'DTM+334:202603021900:203'LOC+175+VNHPH:139:6+HICT:TER:ZZZ'
        TDT+20+512W+1++MAEU:172:166+++9778791:146:11:MAERSK EXAMPLE'UNT+8+2'
        UNZ+2+CA1'
        """

    @Test(arguments: TestDatabase.kinds)
    func gateInReportsAreReadPerContainerAndResendsAreDuplicates(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let report = try await f.service.ingestEDIFACT(Array(Self.codeco.utf8), by: f.terminalFeed)
            #expect(report.outcomes == [.accepted, .rejected])
            #expect(report.records[1].errors.map(\.pointer) == ["segment:10"] && report.records[1].errors[0].reason == "container_number.check_digit")
            let history = try await f.service.history(of: "MSKU1234565", by: f.officer)
            let event = try #require(history.events.first)
            #expect(event.code == "GTIN" && event.inZone && event.facility == "HICT" && event.source == "edifact")
            #expect(RFC3339.format(event.eventAt, fractionalDigits: 0) == "2026-03-02T02:00:00Z", "09:00 in Hai Phong")
            #expect(event.references.map(\.value) == ["BKG123456"] && event.seals == ["ML1234567"] && event.vesselIMO == "9778791")

            let resent = try await f.service.ingestEDIFACT(Array(Self.codeco.utf8), by: f.terminalFeed)
            #expect(resent.outcomes == [.duplicate, .rejected])
            // The same gate-in as DCSA JSON (another eventID, same facts) is the same event.
            let json = try await f.service.ingestEvents([TradeFixture.event("GTIN", at: "2026-03-02T09:00:00+07:00", iso: "45G1")], by: f.terminalFeed)
            #expect(json.outcomes == [.duplicate])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func dischargeAndDepartureReportsMapToEquipmentAndTransportEvents(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let report = try await f.service.ingestEDIFACT(Array(Self.coarriAndStatus.utf8), by: f.terminalFeed)
            #expect(report.outcomes == [.accepted, .accepted])
            let history = try await f.service.history(of: "TGHU1643396", by: f.officer)
            #expect(history.events.map(\.code) == ["DISC"] && history.state == "in_yard")
            let stream = try await f.service.stream(after: 0, by: f.officer)
            let codes = stream.compactMap { item -> String? in if case .event(let event) = item { event.code } else { nil } }
            #expect(codes == ["DISC", "DEPA"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func envelopeFaultsRejectTheInterchangeAndMessageFaultsOnlyTheirMessage(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            do {
                _ = try await f.service.ingestEDIFACT(Array(Self.codeco.replacingOccurrences(of: "UNZ+1+CO1", with: "UNZ+1+CO2").utf8),
                                                      by: f.terminalFeed)
                Issue.record("a wrong interchange reference was accepted")
            } catch let problem as Problem {
                #expect(problem.status == .unprocessable && problem.fieldErrors.map(\.pointer) == ["segment:15"])
                #expect(problem.fieldErrors.map(\.reason) == ["edifact.unz_reference"])
            }
            let wrongCount = Self.coarriAndStatus.replacingOccurrences(of: "UNT+8+1", with: "UNT+9+1")
            let report = try await f.service.ingestEDIFACT(Array(wrongCount.utf8), by: f.terminalFeed)
            #expect(report.outcomes == [.rejected, .accepted])
            #expect(report.records[0].errors.map(\.reason) == ["edifact.unt_count"])
        }
    }
}
