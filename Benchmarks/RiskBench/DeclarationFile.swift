import Foundation
import RiskLearning

/// The synthetic declarations written by scripts/bench/risk/generate.py, read without
/// Foundation's CSV-unfriendly string APIs: a million rows parse in about a second.
struct SyntheticDeclaration {
    var facts: DeclarationFacts
    var finding: Bool
    var kind: String
    var revenueLost: Double
}

enum DeclarationFile {
    static let header = "id,registered_at,declarant,importer,importer_since,hs_code,origin,quantity,unit,gross_kg,value_usd,duty_rate,"
        + "licensed_chapters,transhipments,loading_port,dwell_hours,fraud,fraud_kind,revenue_lost"

    static func read(_ path: String) throws -> [SyntheticDeclaration] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var rows: [SyntheticDeclaration] = []
        rows.reserveCapacity(data.count / 150)
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var lineStart = 0
            var lineNumber = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
                defer { lineStart = index + 1 }
                guard index > lineStart else { continue }
                let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index]), as: UTF8.self)
                lineNumber += 1
                if lineNumber == 1 {
                    guard line == header else { throw BenchError("\(path): unexpected header \(line)") }
                    continue
                }
                rows.append(try parse(line, lineNumber))
            }
        }
        return rows
    }

    private static func parse(_ line: String, _ number: Int) throws -> SyntheticDeclaration {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 19 else { throw BenchError("line \(number): \(fields.count) fields, expected 19") }
        func double(_ index: Int) throws -> Double {
            guard let value = Double(fields[index]) else { throw BenchError("line \(number), field \(index): not a number: \(fields[index])") }
            return value
        }
        let facts = DeclarationFacts(
            registeredAt: try instant(fields[1], number), declarant: String(fields[2]), importer: String(fields[3]),
            importerSince: fields[4].isEmpty ? nil : try instant(fields[4], number), hsCode: String(fields[5]), origin: String(fields[6]),
            quantity: try double(7), grossKilograms: try double(9), value: try double(10), dutyRate: Double(fields[11]),
            licensedChapters: Set(fields[12].split(separator: ";").compactMap { Int($0) }), transhipments: Int(fields[13]),
            dwellHours: Double(fields[15]), loadingPort: fields[14].isEmpty ? nil : String(fields[14]))
        return SyntheticDeclaration(facts: facts, finding: fields[16] == "1", kind: String(fields[17]), revenueLost: try double(18))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` to a date (UTC), by the days-from-civil formula.
    static func instant(_ text: Substring, _ number: Int) throws -> Date {
        let digits = Array(text.utf8)
        guard digits.count == 20, digits[4] == UInt8(ascii: "-"), digits[10] == UInt8(ascii: "T"), digits[19] == UInt8(ascii: "Z") else {
            throw BenchError("line \(number): not a UTC timestamp: \(text)")
        }
        func value(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(digits[$1] &- 48) } }
        var year = value(0..<4)
        let month = value(5..<7), day = value(8..<10)
        year -= month <= 2 ? 1 : 0
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + value(11..<13) * 3_600 + value(14..<16) * 60 + value(17..<19)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
