import Foundation

/// A JSON document as a value, serialisable in the RFC 8785 canonical form (JCS).
///
/// Integers are kept exact as `integer`; other numbers are `number(Double)`, serialised
/// the ECMAScript way JCS prescribes (shortest round-trip digits, `1e-7`, `1e+21`). Money,
/// sizes and counters stay integers or decimal strings; floats only come from forms.
public enum JSONValue: Sendable, Hashable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByFloatLiteral
{
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// `nil` becomes `null`, so optional fields stay visible in the canonical form.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// An array's element, nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// Any JSON number as a Double.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// ECMAScript's Number::toString for finite values (RFC 8785 §3.2.2.3): integral
    /// values below 10^21 in plain digits, others in the shortest round-trip form with a
    /// bare exponent (`1e-7`, `1.5e+21`).
    static func ecmaScriptNumber(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e21 {
            if abs(value) < 9.2e18 { return String(Int64(value)) }
            return String(format: "%.0f", value)
        }
        var text = "\(value)"
        if let e = text.firstIndex(of: "e") {
            var exponent = String(text[text.index(after: e)...])
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
            text = String(text[..<e]).replacingOccurrences(of: ".0", with: "") + "e" + sign + (exponent.isEmpty ? "0" : exponent)
            if abs(value) >= 1e-6 && abs(value) < 1e21 {
                // ES writes these in positional notation.
                text = String(format: "%.17g", value)
                if let shortest = Double("\(value)"), shortest == value { text = Self.positional(value) }
            }
        }
        return text
    }

    /// Positional notation with the shortest round-trip digits (Swift prints e.g. 1e-05 or 1e+16).
    private static func positional(_ value: Double) -> String {
        let decimal = Decimal(string: "\(value)") ?? Decimal(value)
        return NSDecimalNumber(decimal: decimal).stringValue
    }

    /// The RFC 8785 canonical serialisation, as UTF-8 bytes.
    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        writeCanonical(into: &output)
        return output
    }

    public var canonicalString: String { String(decoding: canonicalBytes, as: UTF8.self) }

    /// The canonical form of a top-level object cut around the values of `holes`: the
    /// segments between them, so a value known only later (a log index, the previous
    /// entry's hash) can be spliced in without re-serialising the rest. Joining the
    /// segments with the canonical values of the holes, in key order, gives `canonicalBytes`.
    public func canonicalSegments(around holes: Set<String>) -> [[UInt8]] {
        guard case .object(let members) = self else { return [canonicalBytes] }
        var segments: [[UInt8]] = []
        var output: [UInt8] = [UInt8(ascii: "{")]
        for (position, member) in Self.sortedMembers(members).enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            Self.writeString(member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            if holes.contains(member.key) {
                segments.append(output)
                output = []
            } else {
                member.value.writeCanonical(into: &output)
            }
        }
        output.append(UInt8(ascii: "}"))
        segments.append(output)
        return segments
    }

    private func writeCanonical(into output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .integer(let value): output += Array(String(value).utf8)
        case .number(let value): output += Array(Self.ecmaScriptNumber(value).utf8)
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (position, value) in values.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                value.writeCanonical(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // JCS orders member names by their UTF-16 code units, not by Unicode scalars.
            for (position, member) in Self.sortedMembers(members).enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.writeCanonical(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Members in JCS order: by the UTF-16 code units of their names, computed once per name.
    private static func sortedMembers(_ members: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
        members.map { (units: Array($0.key.utf16), member: (key: $0.key, value: $0.value)) }
            .sorted { $0.units.lexicographicallyPrecedes($1.units) }
            .map(\.member)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// JCS string escaping: only `"`, `\` and control characters are escaped, with the
    /// short forms where JSON has them and lower-case `\u00xx` otherwise.
    private static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                output += Array("\\u00".utf8)
                output += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
