import FTZCore
import Foundation

/// The JSON Schema subset procedure forms use, validated on the server with one error per
/// offending field (a JSON Pointer under `/form`).
///
/// Keywords: `type` (object, string, integer, number, boolean, array), `properties`,
/// `required`, `additionalProperties: false`, `enum`, `minLength`, `maxLength`, `minimum`,
/// `maximum`, `pattern`, `items`, `minItems`, `maxItems`, and `format` — `date`, `email`,
/// `country`, `tax-code`, `hs-code`, `irc-reference` (an IRC number or a project code),
/// `money` (an object `{amount, currency}`) and
/// `zone-address` (judged against the city's places when they are given).
///
/// `x-not-before: <property>` on a date puts two dates of the same object in order (a work
/// permit's end and its start): a date earlier than the other is an error at the later field
/// (`date_order`), carrying the other field's title in each language (`earlier@<language>`).
public struct FormSchema: Sendable {
    public let schema: JSONValue
    /// The city's places, for `format: zone-address` (an address in the zone's city: one of
    /// its commune-level units, no abolished district). Without them the format is not judged.
    public let places: PlaceDirectory?
    /// The activity classification, for `format: vsic` (a 4-digit class of the version in
    /// force). Without it the format is not judged.
    public let activities: ActivityClassification?

    public init(_ schema: JSONValue, places: PlaceDirectory? = nil, activities: ActivityClassification? = nil) {
        self.schema = schema
        self.places = places
        self.activities = activities
    }

    /// The schema of a top-level property, if declared.
    public func property(_ name: String) -> JSONValue? { schema["properties"]?[name] }

    /// The fields in the order people read them: the required ones as `required` lists
    /// them (the order the procedure's authors chose), then the others by name.
    public var propertyOrder: [String] {
        guard case .object(let properties)? = schema["properties"] else { return [] }
        var required: [String] = []
        if case .array(let names)? = schema["required"] { required = names.compactMap(\.stringValue) }
        return properties.keys.sorted { lhs, rhs in
            let left = required.firstIndex(of: lhs) ?? Int.max, right = required.firstIndex(of: rhs) ?? Int.max
            return left == right ? lhs < rhs : left < right
        }
    }

    /// Errors of `value`; with `requireAll: false` missing required fields are tolerated
    /// (a draft may be incomplete, but not wrong).
    public func validate(_ value: JSONValue, at pointer: String = "/form", requireAll: Bool = true) -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        Self.check(value, against: schema, at: pointer, requireAll: requireAll, into: &errors)
        errors += zoneDataErrors(value, at: pointer, known: Set(errors.map(\.pointer)))
        return errors
    }

    /// What the zone's data says of the top-level fields that need it (their own errors
    /// come first): an address must name a place of the city, a business line a class of
    /// the classification in force.
    private func zoneDataErrors(_ value: JSONValue, at pointer: String, known: Set<String>) -> [Problem.FieldError] {
        guard case .object(let properties) = schema["properties"] ?? .null else { return [] }
        var errors: [Problem.FieldError] = []
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            let field = "\(pointer)/\(name)"
            guard !known.contains(field), let answer = value[name] else { continue }
            if property["format"]?.stringValue == "zone-address", let places, let text = answer.stringValue,
               let problem = places.problem(with: text, at: field) {
                errors.append(problem)
            }
            if property["format"]?.stringValue == "vsic", let activities, let code = answer.stringValue, activities.activity(code) == nil {
                errors.append(.init(field, "vsic_unknown", arguments: ["value": code, "version": activities.version]))
            }
            if property["items"]?["format"]?.stringValue == "vsic", let activities, case .array(let lines) = answer {
                for (position, line) in lines.enumerated() {
                    guard let code = line.stringValue, !known.contains("\(field)/\(position)"), activities.activity(code) == nil else { continue }
                    errors.append(.init("\(field)/\(position)", "vsic_unknown", arguments: ["value": code, "version": activities.version]))
                }
            }
        }
        return errors
    }

    private static func check(_ value: JSONValue, against schema: JSONValue, at pointer: String, requireAll: Bool = true,
                              into errors: inout [Problem.FieldError]) {
        if let allowed = schema["enum"], case .array(let options) = allowed, !options.contains(value) {
            errors.append(.init(pointer, "enum_value", arguments: ["allowed": options.compactMap(\.stringValue).joined(separator: ", ")]))
            return
        }
        switch schema["type"]?.stringValue {
        case "object": checkObject(value, schema, pointer, requireAll, &errors)
        case "array": checkArray(value, schema, pointer, &errors)
        case "string":
            guard case .string(let text) = value else { return errors.append(.init(pointer, "wrong_type", arguments: ["expected": "string"])) }
            checkString(text, schema, pointer, &errors)
        case "integer":
            guard case .integer(let number) = value else { return errors.append(.init(pointer, "wrong_type", arguments: ["expected": "integer"])) }
            checkRange(Double(number), schema, pointer, &errors)
        case "number":
            guard let number = value.doubleValue else { return errors.append(.init(pointer, "wrong_type", arguments: ["expected": "number"])) }
            checkRange(number, schema, pointer, &errors)
        case "boolean":
            if value.boolValue == nil { errors.append(.init(pointer, "wrong_type", arguments: ["expected": "boolean"])) }
        default:
            break
        }
    }

    private static func checkObject(_ value: JSONValue, _ schema: JSONValue, _ pointer: String, _ requireAll: Bool,
                                    _ errors: inout [Problem.FieldError]) {
        guard case .object(let members) = value else { return errors.append(.init(pointer, "wrong_type", arguments: ["expected": "object"])) }
        if schema["format"]?.stringValue == "money" {
            guard let amount = members["amount"]?.stringValue, let currency = members["currency"]?.stringValue else {
                return errors.append(.init(pointer, "money_object"))
            }
            do { _ = try Money(amount: amount, currency: currency) } catch { errors.append(.init(pointer, error.reason)) }
            return
        }
        let properties: [String: JSONValue]
        if case .object(let declared)? = schema["properties"] { properties = declared } else { properties = [:] }
        if requireAll, case .array(let required)? = schema["required"] {
            for name in required.compactMap(\.stringValue) where members[name] == nil || members[name] == .null {
                errors.append(.init("\(pointer)/\(escape(name))", "required"))
            }
        }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[name] {
                if member != .null {
                    check(member, against: propertySchema, at: "\(pointer)/\(escape(name))", requireAll: requireAll, into: &errors)
                }
            } else if schema["additionalProperties"] == .bool(false) {
                errors.append(.init("\(pointer)/\(escape(name))", "unknown_field"))
            }
        }
        checkDateOrder(members, properties, pointer, &errors)
    }

    /// Each `x-not-before` of `properties` whose two dates are both given and valid (their own
    /// errors come first) and in the wrong order.
    private static func checkDateOrder(_ members: [String: JSONValue], _ properties: [String: JSONValue], _ pointer: String,
                                       _ errors: inout [Problem.FieldError]) {
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            guard let earlierName = property["x-not-before"]?.stringValue,
                  let later = members[name]?.stringValue.flatMap(LocalDate.init),
                  let earlier = members[earlierName]?.stringValue.flatMap(LocalDate.init), later < earlier else { continue }
            let field = "\(pointer)/\(escape(name))"
            guard !errors.contains(where: { $0.pointer == field || $0.pointer == "\(pointer)/\(escape(earlierName))" }) else { continue }
            var arguments = ["earlier": properties[earlierName]?["title"]?.stringValue ?? earlierName, "date": earlier.description]
            if case .object(let titles)? = properties[earlierName]?["x-title"] {
                for (language, title) in titles { if let title = title.stringValue { arguments["earlier@\(language)"] = title } }
            }
            errors.append(.init(field, "date_order", arguments: arguments))
        }
    }

    private static func checkArray(_ value: JSONValue, _ schema: JSONValue, _ pointer: String, _ errors: inout [Problem.FieldError]) {
        guard case .array(let items) = value else { return errors.append(.init(pointer, "wrong_type", arguments: ["expected": "array"])) }
        if let minimum = schema["minItems"]?.integerValue, items.count < minimum {
            errors.append(.init(pointer, "min_items", arguments: ["min": String(minimum)]))
        }
        if let maximum = schema["maxItems"]?.integerValue, items.count > maximum {
            errors.append(.init(pointer, "max_items", arguments: ["max": String(maximum)]))
        }
        if let itemSchema = schema["items"] {
            for (position, item) in items.enumerated() { check(item, against: itemSchema, at: "\(pointer)/\(position)", into: &errors) }
        }
    }

    private static func checkString(_ text: String, _ schema: JSONValue, _ pointer: String, _ errors: inout [Problem.FieldError]) {
        if let minimum = schema["minLength"]?.integerValue, text.schemaLength < minimum {
            errors.append(.init(pointer, "too_short", arguments: ["min": String(minimum)]))
        }
        if let maximum = schema["maxLength"]?.integerValue, text.schemaLength > maximum {
            errors.append(.init(pointer, "too_long", arguments: ["max": String(maximum)]))
        }
        if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
            errors.append(.init(pointer, "pattern_mismatch"))
        }
        switch schema["format"]?.stringValue {
        case "date":
            if LocalDate(text) == nil { errors.append(.init(pointer, "date_format")) }
        case "email":
            if !EmailAddress.isPlausible(text) { errors.append(.init(pointer, "email_format")) }
        case "country":
            if !CountryCode.isAssigned(text) { errors.append(.init(pointer, "country_code")) }
        case "tax-code":
            do { _ = try TaxCode(text) } catch { errors.append(.init(pointer, error.reason)) }
        case "taxpayer-id":
            // An organisation's tax code, or an individual's 12-digit personal number.
            do { _ = try TaxpayerIdentifier(text) } catch { errors.append(.init(pointer, error.reason)) }
        case "irc-reference":
            // An IRC this system issued (any zone's prefix) or the national investment
            // information system's project code of one issued before or elsewhere (F9.1-F9.2).
            if !Certificate.isNationalProjectCode(text),
               text.range(of: #"^[A-Z][A-Z0-9]*-IRC-[0-9]{4}-[0-9]{6}$"#, options: .regularExpression) == nil {
                errors.append(.init(pointer, "irc_reference"))
            }
        case "hs-code":
            do { _ = try HSCode(text) } catch { errors.append(.init(pointer, error.reason)) }
        default:
            break
        }
    }

    private static func checkRange(_ number: Double, _ schema: JSONValue, _ pointer: String, _ errors: inout [Problem.FieldError]) {
        if let minimum = schema["minimum"]?.doubleValue, number < minimum {
            errors.append(.init(pointer, "below_minimum", arguments: ["min": describe(minimum)]))
        }
        if let maximum = schema["maximum"]?.doubleValue, number > maximum {
            errors.append(.init(pointer, "above_maximum", arguments: ["max": describe(maximum)]))
        }
    }

    private static func describe(_ number: Double) -> String {
        number == number.rounded() ? String(Int64(number)) : String(number)
    }

    /// RFC 6901 escaping of one pointer segment.
    private static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
