@testable import EDIFACT
import FTZCore
import Testing

/// Property tests in place of a coverage-guided fuzzer: random interchanges survive a
/// write–read round trip, and random damage to real ones never crashes or hangs the reader.
@Suite("EDIFACT reader robustness")
struct RobustnessTests {

    static let alphabet = Array("ABCZ019 ?'+:*.,-/é".unicodeScalars)

    @Test(arguments: 0..<200)
    func randomDataSurvivesARoundTrip(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        var writer = SegmentWriter()
        writer.append("UNB", [["UNOW", "4"], ["SENDER"], ["RECIPIENT"], ["20250101", "0000"], ["REF\(seed)"]])
        var expected: [[[[String]]]] = []
        let messageCount = Int.random(in: 1...3, using: &random)
        for number in 1...messageCount {
            writer.append("UNH", [["\(number)"], ["IFTSTA", "D", "99B", "UN"]])
            var body: [[[String]]] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let elements = (0..<Int.random(in: 1...5, using: &random)).map { _ in
                    (0..<Int.random(in: 1...3, using: &random)).map { _ in
                        var text = String.UnicodeScalarView()
                        for _ in 0..<Int.random(in: 0...8, using: &random) { text.append(Self.alphabet.randomElement(using: &random)!) }
                        return String(text)
                    }
                }
                writer.append("FTX", elements)
                body.append(elements)
            }
            writer.append("UNT", [["\(body.count + 2)"], ["\(number)"]])
            if Bool.random(using: &random) { writer.newline() }
            expected.append(body)
        }
        writer.append("UNZ", [["\(messageCount)"], ["REF\(seed)"]])
        let interchange = try Interchange.parse(writer.bytes)
        let read = try interchange.messages.map { try $0.get().segments.map(\.elements) }
        #expect(read == expected, "seed \(seed)")
    }

    @Test(arguments: 0..<300)
    func damagedInterchangesAreRejectedOrReadNeverCrash(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &* 7919)
        let samples = [Samples.codeco, Samples.coarri, Samples.iftsta].map(Samples.bytes)
        var bytes = samples[seed % samples.count]
        let special: [UInt8] = Array("?'+:\n\u{0}\u{FF}".utf8)
        for _ in 0..<Int.random(in: 1...12, using: &random) {
            let position = Int.random(in: 0..<max(bytes.count, 1), using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = special.randomElement(using: &random)!
            case 1 where !bytes.isEmpty: bytes.remove(at: position)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: min(position, bytes.count))
            default: bytes = Array(bytes.prefix(position))
            }
        }
        do {
            let interchange = try Interchange.parse(bytes)
            #expect(interchange.messages.count < 10)
        } catch {
            #expect(error.segment >= 0)
        }
    }

    @Test func aLargeInterchangeIsReadMessageByMessage() throws {
        var writer = SegmentWriter()
        writer.append("UNB", [["UNOA", "2"], ["A"], ["B"], ["250101", "0000"], ["BIG"]])
        for number in 1...5_000 {
            writer.append("UNH", [["\(number)"], ["COARRI", "D", "95B", "UN"]])
            writer.append("EQD", [["CN"], ["MSKU1234565"], ["45G1", "102", "5"]])
            writer.append("UNT", [["3"], ["\(number)"]])
        }
        writer.append("UNZ", [["5000"], ["BIG"]])
        var reader = try InterchangeReader(writer.bytes)
        var count = 0
        while let message = try reader.next() {
            _ = try message.get()
            count += 1
        }
        #expect(count == 5_000)
    }
}
