import Foundation
import FTZCore
import HTTPSupport
import Localization

/// A procedure's application form as HTML inputs, generated from its JSON Schema (the
/// same schema the licensing service validates against), and a posted form read back into
/// the JSON that schema describes. The browser's own checks (`required`, `type=date`) are
/// conveniences; the service's validation decides, and its errors are shown per field.
struct SchemaForm: Sendable {
    let schema: JSONValue

    init(_ schema: JSONValue) { self.schema = schema }

    /// The declared top-level properties, in the catalogue's order of `required` first and
    /// then by name, so a form reads the same every time.
    var propertyNames: [String] {
        guard case .object(let properties)? = schema["properties"] else { return [] }
        let required = requiredNames
        return properties.keys.sorted { lhs, rhs in
            let left = required.firstIndex(of: lhs) ?? Int.max, right = required.firstIndex(of: rhs) ?? Int.max
            return left == right ? lhs < rhs : left < right
        }
    }

    var requiredNames: [String] { Self.strings(schema["required"]) }

    /// The inputs for a template: label, kind, current value, options and the error beside it.
    func fields(values: JSONValue, errors: [String: String], language: Language) -> [[String: Any]] {
        let required = Set(requiredNames)
        return propertyNames.compactMap { name -> [String: Any]? in
            guard let property = schema["properties"]?[name] else { return nil }
            let value = values[name] ?? .null
            var field: [String: Any] = [
                "name": name, "id": "field-\(name)",
                "label": Self.title(of: property, language) ?? name,
                "required": required.contains(name),
            ]
            if let error = errors[name] { field["error"] = error }
            let kind = Self.kind(of: property)
            field[kind] = true
            switch kind {
            case "select":
                let options = Self.strings(property["enum"])
                field["options"] = options.map { code -> [String: Any] in
                    ["code": code, "name": Self.optionTitle(code, of: property, language), "selected": value.stringValue == code]
                }
            case "checkbox":
                field["checked"] = value.boolValue == true
            case "money":
                field["amount"] = value["amount"]?.stringValue ?? ""
                field["currency"] = value["currency"]?.stringValue ?? "VND"
            case "lines":
                field["value"] = Self.strings(value).joined(separator: "\n")
            default:
                field["value"] = Self.text(of: value)
                field["inputType"] = Self.inputType(of: property)
                if let pattern = property["pattern"]?.stringValue { field["pattern"] = pattern }
                if let maximum = property["maxLength"]?.integerValue { field["maxLength"] = maximum }
            }
            Self.describe(&field)
            return field
        }
    }

    /// Links an input to its hint and its error (`aria-describedby`), so a screen reader
    /// reads both with the label.
    static func describe(_ field: inout [String: Any]) {
        guard let id = field["id"] as? String else { return }
        let described = [field["hint"] != nil ? "\(id)-hint" : nil, field["error"] != nil ? "\(id)-error" : nil].compactMap { $0 }
        if !described.isEmpty { field["describedBy"] = described.joined(separator: " ") }
    }

    /// The posted fields as the form's JSON. Empty inputs are left out (a draft may be
    /// incomplete); a number that does not parse is kept as text so that the schema's
    /// validation names it, rather than being dropped.
    func read(_ form: WebForm) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for name in propertyNames {
            guard let property = schema["properties"]?[name] else { continue }
            switch Self.kind(of: property) {
            case "checkbox":
                members[name] = .bool(form[name] == "true")
            case "money":
                let amount = (form["\(name).amount"] ?? "").trimmingCharacters(in: .whitespaces)
                let currency = (form["\(name).currency"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
                if !amount.isEmpty { members[name] = .object(["amount": .string(amount), "currency": .string(currency)]) }
            case "lines":
                let lines = (form[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                if !lines.isEmpty { members[name] = .array(lines.map(JSONValue.string)) }
            default:
                let text = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { continue }
                switch property["type"]?.stringValue {
                case "integer": members[name] = Int64(text).map(JSONValue.integer) ?? .string(text)
                case "number": members[name] = Double(text).map(JSONValue.number) ?? .string(text)
                default: members[name] = .string(text)
                }
            }
        }
        return .object(members)
    }

    /// The service's field errors (`/form/<name>`) by input name, in the page's language.
    static func errors(_ problem: Problem, messages: MessageCatalogue, language: Language, prefix: String = "/form/") -> [String: String] {
        var errors: [String: String] = [:]
        for field in problem.fieldErrors where field.pointer.hasPrefix(prefix) {
            let name = String(field.pointer.dropFirst(prefix.count).prefix { $0 != "/" })
            if errors[name] == nil { errors[name] = messages.text("field.\(field.reason)", language, field.arguments) }
        }
        return errors
    }

    static func title(of property: JSONValue, _ language: Language) -> String? {
        property["x-title"]?[language.rawValue]?.stringValue ?? property["x-title"]?["en"]?.stringValue ?? property["title"]?.stringValue
    }

    /// An option's name from the catalogue's `x-enum-titles`, else its code.
    static func optionTitle(_ code: String, of property: JSONValue, _ language: Language) -> String {
        property["x-enum-titles"]?[code]?[language.rawValue]?.stringValue ?? property["x-enum-titles"]?[code]?["en"]?.stringValue ?? code
    }

    /// A value as a person reads it on the dossier page, numbers and money in the page's language.
    static func display(_ value: JSONValue, of property: JSONValue, _ language: Language, date: (LocalDate) -> String) -> String {
        if let amount = value["amount"]?.stringValue, let currency = value["currency"]?.stringValue {
            return LocaleFormat.money(amount: amount, currency: currency, language)
        }
        switch value {
        case .array(let items): return items.map { display($0, of: property["items"] ?? .null, language, date: date) }.joined(separator: ", ")
        case .string(let code) where property["enum"] != nil: return optionTitle(code, of: property, language)
        case .string(let text) where property["format"]?.stringValue == "date": return LocalDate(text).map(date) ?? text
        case .integer(let number): return LocaleFormat.decimal(String(number), language)
        default: return text(of: value)
        }
    }

    /// The strings of a JSON array (a schema's `required`, a history entry's documents); none otherwise.
    static func strings(_ value: JSONValue?) -> [String] {
        if case .array(let items)? = value { return items.compactMap(\.stringValue) }
        return []
    }

    private static func text(of value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .bool(let flag): flag ? "✓" : "—"
        case .array, .object: ""
        }
    }

    private static func kind(of property: JSONValue) -> String {
        if property["enum"] != nil { return "select" }
        switch property["type"]?.stringValue {
        case "boolean": return "checkbox"
        case "object" where property["format"]?.stringValue == "money": return "money"
        case "array": return "lines"
        default: return "input"
        }
    }

    private static func inputType(of property: JSONValue) -> String {
        switch (property["type"]?.stringValue, property["format"]?.stringValue) {
        case (_, "date"): "date"
        case (_, "email"): "email"
        default: "text"
        }
    }
}
