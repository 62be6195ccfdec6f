import EDIFACT
import Foundation
import FTZCore

// EDIFACT reading speed, run in release mode by scripts/bench/edifact:
//   EDIFACTBench generate FILE CONTAINERS   writes a COARRI discharge report of CONTAINERS containers
//   EDIFACTBench read FILE [RUNS]           reads FILE RUNS times on one core: median MB/s

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: EDIFACTBench generate FILE CONTAINERS | read FILE [RUNS]")
    exit(2)
}

/// A container number with a valid ISO 6346 check digit, from a serial.
func containerNumber(_ serial: Int) -> String { (try! ContainerNumber(owner: "MSKU", serial: serial)).rawValue }

switch arguments[1] {
case "generate":
    let containers = Int(arguments[3])!
    var writer = SegmentWriter()
    writer.append("UNB", [["UNOA", "2"], ["FTZTERM", "ZZZ"], ["HPFTZ", "ZZZ"], ["251129", "0900"], ["BENCH1"], [], ["COARRI"]])
    writer.newline()
    let perMessage = 500
    var messages = 0
    var serial = 0
    while serial < containers {
        messages += 1
        var segments = 0
        func add(_ tag: String, _ elements: [[String]]) {
            writer.append(tag, elements)
            writer.newline()
            segments += 1
        }
        add("UNH", [["M\(messages)"], ["COARRI", "D", "95B", "UN", "ITG14"]])
        add("BGM", [["98"], ["DS\(messages)"], ["9"]])
        add("TDT", [["20"], ["512W"], ["1"], [], ["MAEU", "172", "166"], [], [], ["9778791", "146", "11", "MAERSK EXAMPLE"]])
        add("LOC", [["11"], ["VNHPH", "139", "6"], ["HICT", "TER", "ZZZ"]])
        add("DTM", [["178", "202511290612", "203"]])
        add("NAD", [["MS"], ["FTZTERM", "160", "ZZZ"]])
        for _ in 0..<min(perMessage, containers - serial) {
            serial += 1
            add("EQD", [["CN"], [containerNumber(serial)], ["45G1", "102", "5"], [], ["3"], ["5"]])
            add("RFF", [["BM"], ["MAEU\(100_000_000 + serial)"]])
            add("DTM", [["203", "202511291045", "203"]])
            add("LOC", [["147"], ["0120482", "", "5"]])
            add("LOC", [["9"], ["CNSHA", "139", "6"]])
            add("LOC", [["11"], ["VNHPH", "139", "6"]])
            add("MEA", [["AAE"], ["G"], ["KGM", "24350.5"]])
            add("SEL", [["ML\(1_000_000 + serial)"], ["CA"]])
            add("FTX", [["AAI"], [], [], ["O'BRIEN HAULAGE: 2 SEALS + VGM OK"]])
        }
        add("CNT", [["16", "\(min(perMessage, containers - (serial - 1)))"]])
        writer.append("UNT", [["\(segments + 1)"], ["M\(messages)"]])
        writer.newline()
    }
    writer.append("UNZ", [["\(messages)"], ["BENCH1"]])
    try Data(writer.bytes).write(to: URL(fileURLWithPath: arguments[2]))
    print("wrote \(writer.bytes.count) bytes, \(containers) containers in \(messages) messages")

case "read":
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[2])))
    let runs = arguments.count > 3 ? Int(arguments[3])! : 9
    var rates: [Double] = []
    var segments = 0
    for _ in 0..<runs {
        let started = ContinuousClock.now
        var reader = try InterchangeReader(bytes)
        segments = 0
        while let message = try reader.next() { segments += try message.get().segments.count }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(bytes.count) / seconds / 1_000_000)
    }
    rates.sort()
    print(String(format: "read %.1f MB (%d segments): median %.1f MB/s, best %.1f MB/s over %d runs", Double(bytes.count) / 1e6, segments,
                 rates[rates.count / 2], rates.last!, runs))
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM") }) {
        print("peak RSS: \(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " "))")
    }

default:
    print("unknown command \(arguments[1])")
    exit(2)
}
