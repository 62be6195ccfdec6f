@testable import EDIFACT
import Foundation
import Testing

@Suite("Reading UN/EDIFACT interchanges")
struct InterchangeTests {
    func parse(_ text: String) throws -> Interchange { try Interchange.parse(Samples.bytes(text)) }

    func message(_ text: String) throws -> Message { try parse(text).messages[0].get() }

    @Test func aTerminalsGateInReportReadsWithItsEnvelopeChecked() throws {
        let interchange = try parse(Samples.codeco)
        #expect(interchange.header.sender == "FTZTERM" && interchange.header.recipient == "MAEU")
        #expect(interchange.header.preparationDate == "250314" && interchange.header.controlReference == "CO0000123")
        #expect(interchange.header.applicationReference == "CODECO" && interchange.header.syntaxIdentifier == "UNOA")
        let message = try interchange.messages[0].get()
        #expect(message.type == "CODECO" && message.version == "D" && message.release == "95B" && message.association == "ITG14")
        #expect(message.segments.count == 15 && message.position == 2)
        let equipment = try #require(message.segments.first { $0.tag == "EQD" })
        #expect(equipment.value(1) == "MSKU1234565" && equipment.value(2, 0) == "45G1" && equipment.value(5) == "5")
        #expect(equipment.value(3) == nil, "an empty element is absent")
        #expect(equipment.value(9) == nil, "so is one past the end")
        let text = try #require(message.segments.first { $0.tag == "FTX" })
        #expect(text.value(3) == "O'BRIEN HAULAGE: 2 SEALS + VGM OK")
        #expect(message.segments.first { $0.tag == "MEA" }?.number(2, 1) == 24350)
    }

    @Test func dischargeAndStatusReportsRead() throws {
        let coarri = try message(Samples.coarri)
        #expect(coarri.segments.filter { $0.tag == "EQD" }.count == 2)
        let iftsta = try parse(Samples.iftsta)
        #expect(iftsta.header.syntaxIdentifier == "UNOC" && iftsta.header.syntaxVersion == "3")
        #expect(try iftsta.messages[0].get().segments.filter { $0.tag == "STS" }.compactMap { $0.value(1) } == ["48", "24"])
    }

    @Test func releaseCharactersBeforeTerminatorsFollowTheEvenRule() throws {
        let text = "UNB+UNOA:2+A+B+250101:0000+R1'UNH+1+X:D:96A:UN'FTX+AAA+++ENDS WITH ??'FTX+AAA+++KEEPS ???'GOING?:ON'UNT+4+1'UNZ+1+R1'"
        let segments = try message(text).segments
        #expect(segments[0].value(3) == "ENDS WITH ?")
        #expect(segments[1].value(3) == "KEEPS ?'GOING:ON")
        #expect(segments.count == 2)
    }

    @Test func withoutServiceStringAdviceTheStandardCharactersApplyAndLineBreaksAreSkipped() throws {
        let text = "UNB+UNOB:3+A+B+250101:0000+R2'\r\nUNH+1+IFTSTA:D:99B:UN'\r\nSTS+1+29'\r\nUNT+3+1'\r\nUNZ+1+R2'\r\n"
        let interchange = try parse(text)
        #expect(interchange.characters == .standard)
        #expect(try interchange.messages[0].get().segments[0].value(1) == "29")
    }

    @Test func anotherServiceStringAdviceIsHonouredWithADecimalComma() throws {
        let text = "UNA|*,# ~UNB*UNOA|2*A*B*250101|0000*R3~UNH*1*COARRI|D|95B|UN~MEA*AAE*G*KGM|24350,5~FTX*AAA***A#*B#|C##~UNT*4*1~UNZ*1*R3~"
        let interchange = try parse(text)
        #expect(interchange.characters.decimalMark == UInt8(ascii: ","))
        let segments = try interchange.messages[0].get().segments
        #expect(segments[0].number(2, 1) == 24350.5)
        #expect(segments[1].value(3) == "A*B|C#")
    }

    @Test func textIsDecodedByTheSyntaxIdentifier() throws {
        var latin1 = Samples.bytes("UNB+UNOC:3+A+B+250101:0000+R4'UNH+1+X:D:96A:UN'NAD+CZ+++")
        latin1 += [0x43, 0x61, 0x66, 0xE9]  // "Café" in ISO 8859-1
        latin1 += Samples.bytes("'UNT+3+1'UNZ+1+R4'")
        #expect(try Interchange.parse(latin1).messages[0].get().segments[0].value(3) == "Café")
        let utf8 = "UNB+UNOW:4+A+B+20250101:0000+R5'UNH+1+X:D:96A:UN'NAD+CZ+++Công ty Gió Biển'UNT+3+1'UNZ+1+R5'"
        #expect(try message(utf8).segments[0].value(3) == "Công ty Gió Biển")
        #expect(throws: EDIFACTError.self) { try parse("UNB+UNOD:3+A+B+250101:0000+R6'UNZ+0+R6'") }
    }

    @Test func aMessageWithAWrongSegmentCountIsRejectedAloneAndNamesItsPosition() throws {
        let text = """
            UNB+UNOA:2+A+B+250101:0000+R7'
            UNH+1+CODECO:D:95B:UN'BGM+34'UNT+9+1'
            UNH+2+CODECO:D:95B:UN'BGM+36'UNT+3+2'
            UNH+3+CODECO:D:95B:UN'BGM+36'UNT+3+WRONG'
            UNZ+3+R7'
            """
        let messages = try parse(text).messages
        #expect(messages.count == 3)
        guard case .failure(let count) = messages[0], case .success(let good) = messages[1], case .failure(let reference) = messages[2] else {
            Issue.record("expected failure, success, failure")
            return
        }
        #expect(count.reason == .untCount && count.segment == 4 && count.arguments == ["declared": "9", "counted": "3"])
        #expect(good.reference == "2")
        #expect(reference.reason == .untReference && reference.segment == 10)
    }

    @Test func envelopeFaultsRejectTheInterchange() {
        func reason(_ text: String) -> EDIFACTError.Reason? {
            do { _ = try Interchange.parse(Samples.bytes(text)); return nil } catch { return error.reason }
        }
        let good = "UNB+UNOA:2+A+B+250101:0000+R8'UNH+1+X:D:96A:UN'UNT+2+1'"
        #expect(reason(good + "UNZ+1+R8'") == nil)
        #expect(reason(good + "UNZ+2+R8'") == .unzCount)
        #expect(reason(good + "UNZ+1+R9'") == .unzReference)
        #expect(reason(good) == .unzMissing)
        #expect(reason(good + "UNZ+1+R8'BGM+1'") == .dataAfterUNZ)
        #expect(reason(good + "UNZ+1+R8") == .unterminatedSegment)
        #expect(reason("UNH+1+X:D:96A:UN'UNT+2+1'") == .unbMissing)
        #expect(reason("UNB+UNOA:2+A+B+250101:0000+R8'BGM+1'UNZ+0+R8'") == .segmentOutsideMessage)
        #expect(reason("UNA:+") == .serviceStringAdvice)
        #expect(reason("UNA::.? 'UNB'") == .serviceStringAdvice, "a separator named twice")
        #expect(reason("") == .empty)
        #expect(reason("UNB+UNOA:2+A+B+250101:0000+R8'UNH+1+X:D:96A:UN'FTX+?") == .releaseAtEnd)
    }

    @Test func functionalGroupsAreCountedByUNEAndUNZCountsGroups() throws {
        let text = """
            UNB+UNOA:2+A+B+250101:0000+R10'UNG+CODECO+A+B+250101:0000+G1+UN+D:95B'
            UNH+1+CODECO:D:95B:UN'UNT+2+1'UNH+2+CODECO:D:95B:UN'UNT+2+2'UNE+2+G1'UNZ+1+R10'
            """
        #expect(try parse(text).messages.count == 2)
        #expect(throws: EDIFACTError.self) { try parse(text.replacingOccurrences(of: "UNE+2+G1", with: "UNE+3+G1")) }
    }

    @Test func aMalformedTagInsideAMessageFailsThatMessageOnly() throws {
        let text = "UNB+UNOA:2+A+B+250101:0000+R11'UNH+1+X:D:96A:UN'bad+1'UNT+3+1'UNH+2+X:D:96A:UN'UNT+2+2'UNZ+2+R11'"
        let messages = try parse(text).messages
        guard case .failure(let error) = messages[0], case .success = messages[1] else {
            Issue.record("expected the first message to fail and the second to pass")
            return
        }
        #expect(error.reason == .tagInvalid && error.segment == 3)
    }
}
