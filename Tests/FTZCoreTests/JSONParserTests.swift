import FTZCore
import Foundation
import Testing

@Suite("Reading JSON from bytes")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }

    @Test func documentsReadAsTheyMean() throws {
        let value = try parse(#" {"a": [1, -2.5, 1e3, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}, "d": [], "e": 9223372036854775807} "#)
        #expect(value["a"] == [1, -2.5, 1000.0, true, false, .null])
        #expect(value["b"] == "x\"\\/\né😀")
        #expect(value["c"] == [:] && value["d"] == [] && value["e"] == .integer(Int64.max))
        #expect(try parse(#""Hải Phòng""#) == "Hải Phòng")
        #expect(try parse("12345678901234567890") == .number(12345678901234567890.0), "too large for Int64, still a number")
    }

    @Test func faultsNameWhereTheyAre() {
        func offset(_ text: String) -> (Int, String)? {
            do { _ = try JSONValue(parsing: Array(text.utf8)); return nil } catch { return (error.offset, error.reason) }
        }
        #expect(offset(#"{"a": 1,}"#)?.1 == "expected_key")
        #expect(offset(#"[1 2]"#)?.0 == 3)
        #expect(offset(#"{"a": tru}"#)?.1 == "invalid_literal")
        #expect(offset("\"a\u{01}\"")?.1 == "control_character")
        #expect(offset(#""\ud800x""#)?.1 == "lone_surrogate")
        #expect(offset("01")?.1 == "trailing_data")
        #expect(offset("[1.]")?.1 == "invalid_number")
        #expect(offset("")?.1 == "unexpected_end")
        #expect(offset(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))?.1 == "too_deep")
    }

    @Test(arguments: 0..<50)
    func randomDocumentsAgreeWithFoundation(seed: Int) throws {
        var generator = SystemRandomNumberGenerator()
        _ = seed
        func random(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return Int.random(in: -1_000_000...1_000_000, using: &generator)
            case 1: return String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "aé\"\\\n😀 z".randomElement(using: &generator)! })
            case 2: return Bool.random(using: &generator)
            case 3: return Double(Int.random(in: -1000...1000, using: &generator)) + 0.25
            case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth + 1) }
            default: return Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 0...4, using: &generator)).map { ("k\($0)", random(depth + 1)) })
            }
        }
        let document = ["root": random(0)]
        let data = try JSONSerialization.data(withJSONObject: document)
        let ours = try JSONValue(parsing: Array(data))
        let theirs = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(ours == theirs)
    }
}
