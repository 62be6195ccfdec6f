import FTZCore
import Foundation
import Testing

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {
    @Test func membersAreSortedByUTF16CodeUnits() {
        // RFC 8785 §3.2.3's sorting example: "\u{20ac}" (U+20AC) sorts before "\u{1f600}" whose
        // UTF-16 lead surrogate is 0xD83D, even though U+1F600 > U+20AC as scalars would agree;
        // and "\r" < "1" < "\u{80}" < "\u{d6}" < "\u{fb33}".
        let value: JSONValue = .object([
            "\u{20ac}": "Euro Sign", "\r": "Carriage Return", "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\u{1f600}": "Emoji: Grinning Face", "\u{80}": "Control", "\u{f6}": "Latin Small Letter O With Diaeresis",
        ])
        let keys = value.canonicalString.components(separatedBy: "\":\"").count
        #expect(keys == 8)
        let expectedOrder = ["\\r", "1", "\u{80}", "\u{f6}", "\u{20ac}", "\u{1f600}", "\u{fb33}"]
        var position = value.canonicalString.startIndex
        for key in expectedOrder {
            let range = value.canonicalString.range(of: "\"\(key)\"", range: position..<value.canonicalString.endIndex)
            #expect(range != nil, "\(key) out of order")
            if let range { position = range.upperBound }
        }
    }

    @Test func escapingIsMinimal() {
        let value: JSONValue = ["text": "quote \" slash / backslash \\ tab \t nul \u{0} bell \u{7} é 漢"]
        #expect(value.canonicalString == "{\"text\":\"quote \\\" slash / backslash \\\\ tab \\t nul \\u0000 bell \\u0007 é 漢\"}")
    }

    @Test func nestedStructuresHaveNoWhitespace() {
        let value: JSONValue = ["b": [1, true, .null, ["z": "y", "a": -5]], "a": "x"]
        #expect(value.canonicalString == #"{"a":"x","b":[1,true,null,{"a":-5,"z":"y"}]}"#)
    }

    @Test func decodingAndReEncodingIsStable() throws {
        let text = #"{"z":[3,2,1],"a":{"c":null,"b":false}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value.canonicalString == #"{"a":{"b":false,"c":null},"z":[3,2,1]}"#)
    }
}

@Suite("Canonical numbers")
struct CanonicalNumberTests {
    @Test(arguments: [
        (0.5, "0.5"), (100.0, "100"), (-2.25, "-2.25"), (1e21, "1e+21"), (1e-7, "1e-7"), (123.456, "123.456"),
        (0.000001, "0.000001"), (1e16, "10000000000000000"), (4.35, "4.35"),
    ])
    func numbersFollowECMAScript(_ value: Double, _ expected: String) {
        #expect(JSONValue.number(value).canonicalString == expected)
    }

    @Test func decodingKeepsIntegersExact() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"a": 3, "b": 2.5}"#.utf8))
        #expect(value["a"] == .integer(3) && value["b"] == .number(2.5))
    }
}
