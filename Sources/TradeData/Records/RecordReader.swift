import Crypto
import FTZCore
import Foundation

/// Reads one record of a batch field by field, collecting every problem under its JSON
/// Pointer instead of stopping at the first, so a feed can fix a record in one go.
final class RecordReader {
    private(set) var errors: [Problem.FieldError] = []

    func fail(_ pointer: String, _ reason: String, _ arguments: [String: String] = [:]) {
        errors.append(.init(pointer, reason, arguments: arguments))
    }

    func string(_ value: JSONValue?, at pointer: String, required: Bool = true, maximum: Int = 200) -> String? {
        guard let value, value != .null else {
            if required { fail(pointer, "required") }
            return nil
        }
        guard case .string(let text) = value else { fail(pointer, "wrong_type", ["expected": "string"]); return nil }
        let trimmed = Self.trimmed(text)
        if trimmed.isEmpty {
            if required { fail(pointer, "required") }
            return nil
        }
        guard trimmed.utf8.count <= maximum || trimmed.schemaLength <= maximum else { fail(pointer, "too_long", ["max": String(maximum)]); return nil }
        return trimmed
    }

    /// Without surrounding spaces; most values have none, and checking the ends first is
    /// far cheaper than trimming every string.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        let spaces: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard spaces.contains(first) || spaces.contains(last) else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func value<T>(_ value: JSONValue?, at pointer: String, required: Bool = true, _ parse: (String) throws(ValueError) -> T) -> T? {
        guard let text = string(value, at: pointer, required: required) else { return nil }
        do { return try parse(text) } catch { fail(pointer, error.reason); return nil }
    }

    /// `allowed` may be a dictionary's keys: they answer `contains` by hash, without a set built per record.
    func oneOf(_ value: JSONValue?, at pointer: String, _ allowed: some Collection<String>, required: Bool = true) -> String? {
        guard let text = string(value, at: pointer, required: required) else { return nil }
        guard allowed.contains(text) else { fail(pointer, "not_allowed", ["allowed": allowed.sorted().joined(separator: ", ")]); return nil }
        return text
    }

    /// An RFC 3339 timestamp with its offset (`2025-03-14T09:25:00+07:00`).
    func instant(_ value: JSONValue?, at pointer: String, required: Bool = true) -> Date? {
        guard let text = string(value, at: pointer, required: required) else { return nil }
        guard let date = RFC3339.parse(text) else { fail(pointer, "datetime_format"); return nil }
        return date
    }

    func number(_ value: JSONValue?, at pointer: String, minimum: Double = 0) -> Double? {
        number(value, at: pointer, within: minimum...Double.greatestFiniteMagnitude)
    }

    func boolean(_ value: JSONValue?, at pointer: String) -> Bool? {
        guard let value, value != .null else { fail(pointer, "required"); return nil }
        guard case .bool(let flag) = value else { fail(pointer, "wrong_type", ["expected": "boolean"]); return nil }
        return flag
    }

    /// A number within `range`, such as a latitude or a temperature a sensor can report.
    func number(_ value: JSONValue?, at pointer: String, within range: ClosedRange<Double>, required: Bool = true) -> Double? {
        guard let value, value != .null else {
            if required { fail(pointer, "required") }
            return nil
        }
        guard let number = value.doubleValue, number.isFinite else { fail(pointer, "wrong_type", ["expected": "number"]); return nil }
        guard range.contains(number) else {
            fail(pointer, number < range.lowerBound ? "minimum" : "maximum",
                 number < range.lowerBound ? ["min": String(range.lowerBound)] : ["max": String(range.upperBound)])
            return nil
        }
        return number
    }

    func integer(_ value: JSONValue?, at pointer: String, minimum: Int64 = 1) -> Int? {
        guard let value, value != .null else { fail(pointer, "required"); return nil }
        guard let number = value.integerValue else { fail(pointer, "wrong_type", ["expected": "integer"]); return nil }
        guard number >= minimum, number <= Int64(Int32.max) else { fail(pointer, "minimum", ["min": String(minimum)]); return nil }
        return Int(number)
    }

    func money(_ value: JSONValue?, at pointer: String) -> Money? {
        guard let value, value != .null else { fail(pointer, "required"); return nil }
        guard let amount = value["amount"]?.stringValue, let currency = value["currency"]?.stringValue else {
            fail(pointer, "money_object")
            return nil
        }
        do { return try Money(amount: amount, currency: currency) } catch { fail(pointer, error.reason); return nil }
    }

    /// Items of an array field, with their pointers; `maximum` guards memory.
    func array(_ value: JSONValue?, at pointer: String, required: Bool = true, minimum: Int = 0, maximum: Int = 1000)
        -> [(JSONValue, String)]
    {
        guard let value, value != .null else {
            if required { fail(pointer, "required") }
            return []
        }
        guard case .array(let items) = value else { fail(pointer, "wrong_type", ["expected": "array"]); return [] }
        guard items.count >= minimum else { fail(pointer, "min_items", ["min": String(minimum)]); return [] }
        guard items.count <= maximum else { fail(pointer, "max_items", ["max": String(maximum)]); return [] }
        return items.enumerated().map { ($0.element, "\(pointer)/\($0.offset)") }
    }

    /// A VNACCS declaration number: twelve digits.
    func declarationNumber(_ value: JSONValue?, at pointer: String, required: Bool = true) -> String? {
        let number = string(value, at: pointer, required: required, maximum: 12)
        if let number, number.count != 12 || !number.allSatisfy(\.isASCIIDigit) { fail(pointer, "declaration_number_format") }
        return number
    }

    func object(_ value: JSONValue?, at pointer: String, required: Bool = true) -> JSONValue? {
        guard let value, value != .null else {
            if required { fail(pointer, "required") }
            return nil
        }
        guard case .object = value else { fail(pointer, "wrong_type", ["expected": "object"]); return nil }
        return value
    }

    /// SHA-256 (hex) of canonical JSON: the content identity used to tell a resend from a conflict.
    static func digest(_ content: JSONValue) -> String {
        SHA256.hash(data: content.canonicalBytes).hexEncoded
    }
}
