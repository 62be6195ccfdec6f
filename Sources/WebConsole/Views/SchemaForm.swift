import Foundation
import FTZCore
import HTTPSupport
import Licensing
import Localization

/// A procedure's application form as HTML inputs, generated from its JSON Schema (the
/// same schema the licensing service validates against), and a posted form read back into
/// the JSON that schema describes. The browser's own checks (`required`, `type=date`) are
/// conveniences; the service's validation decides, and its errors are shown per field.
///
/// Codes are chosen by name: a country (`format: country`) from a list of names in the
/// reader's language, an economic activity (`format: vsic`) by typing its code or words of its
/// name into an input whose suggestions are the classification's classes ("6201 – …"); both
/// work without script, and what is posted is the code. What an input expects is said under
/// its label before anything is typed (`aria-describedby`): from `x-hint`, else the format,
/// else a simple pattern, and for a date put in order the date it may not precede.
struct SchemaForm: Sendable {
    let schema: JSONValue
    /// The classification whose classes `format: vsic` inputs suggest; without it they are plain inputs.
    let activities: ActivityClassification?
    let countries: CountryNames

    init(_ schema: JSONValue, activities: ActivityClassification? = nil, countries: CountryNames = .bundled) {
        self.schema = schema
        self.activities = activities
        self.countries = countries
    }

    /// The declared top-level properties, in the catalogue's order of `required` first and
    /// then by name, so a form reads the same every time.
    var propertyNames: [String] { FormSchema(schema).propertyOrder }

    var requiredNames: [String] { Self.strings(schema["required"]) }

    /// The inputs for a template: label, kind, current value, options, the hint and the error beside it.
    func fields(values: JSONValue, errors: [String: String], language: Language, messages: MessageCatalogue = .bundled) -> [[String: Any]] {
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
            if let hint = hint(for: property, language, messages) { field["hint"] = hint }
            let kind = self.kind(of: property)
            field[kind] = true
            switch kind {
            case "select" where property["format"]?.stringValue == "country":
                let chosen = value.stringValue ?? ""
                var options = countries.countries(language).map { country -> [String: Any] in
                    ["code": country.code, "name": country.name, "selected": country.code == chosen]
                }
                // A value stored before (or posted) that names no country stays visible, so the error beside it makes sense.
                if !chosen.isEmpty, !CountryCode.isAssigned(chosen) { options.insert(["code": chosen, "name": chosen, "selected": true], at: 0) }
                field["options"] = options
            case "select":
                let options = Self.strings(property["enum"])
                field["options"] = options.map { code -> [String: Any] in
                    ["code": code, "name": Self.optionTitle(code, of: property, language), "selected": value.stringValue == code]
                }
            case "activity":
                let typed = value.stringValue ?? Self.text(of: value)
                field["value"] = activityText(typed, language)
                field["listID"] = "field-\(name)-options"
                field["suggestions"] = activitySuggestions(language)
                if field["error"] != nil, let problem = activityProblem(typed, language, messages) { field["error"] = problem }
            case "activityList":
                // One input per line, and two empty ones to add to (the form posts them all under one name).
                let lines = Self.strings(value) + (value.stringValue.map { [$0] } ?? [])
                let listID = "field-\(name)-options"
                let label = field["label"] as? String ?? name
                // Only the lines that name no class are marked, and the first of them is explained.
                let unknown = field["error"] == nil ? [] : lines.filter { activities?.activity($0) == nil }
                if let first = unknown.first, let problem = activityProblem(first, language, messages) { field["error"] = problem }
                field["entries"] = (lines + ["", ""]).enumerated().map { position, code -> [String: Any] in
                    var entry: [String: Any] = ["id": position == 0 ? "field-\(name)" : "field-\(name)-\(position + 1)",
                                                "name": name, "listID": listID, "value": activityText(code, language),
                                                "invalid": unknown.contains(code) || (field["error"] != nil && unknown.isEmpty && position == 0)]
                    if position > 0 { entry["ariaLabel"] = "\(label) (\(position + 1))"; entry["required"] = false }
                    return entry
                }
                field["listID"] = listID
                field["suggestions"] = activitySuggestions(language)
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
            switch kind(of: property) {
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
            case "activityList":
                let codes = form.values(name).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.map(activityCode)
                if !codes.isEmpty { members[name] = .array(codes.map(JSONValue.string)) }
            case "activity":
                let text = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { members[name] = .string(activityCode(text)) }
            case "select" where property["format"]?.stringValue == "country":
                let text = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { members[name] = .string(countries.code(for: text) ?? text) }
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
        case .string(let code) where property["format"]?.stringValue == "country": return CountryNames.bundled.name(code, language)
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

    private func kind(of property: JSONValue) -> String {
        if property["enum"] != nil || property["format"]?.stringValue == "country" { return "select" }
        switch property["type"]?.stringValue {
        case "boolean": return "checkbox"
        case "object" where property["format"]?.stringValue == "money": return "money"
        case "array" where property["items"]?["format"]?.stringValue == "vsic" && activities != nil: return "activityList"
        case "array": return "lines"
        case "string" where property["format"]?.stringValue == "vsic" && activities != nil: return "activity"
        default: return "input"
        }
    }

    // MARK: Economic activities

    /// "6201 – Lập trình máy vi tính": a class as the suggestions and a filled input show it;
    /// the text itself when it is no class.
    func activityText(_ code: String, _ language: Language) -> String {
        guard let entry = activities?.activity(code) else { return code }
        return "\(entry.code) – \(entry.name.text(language))"
    }

    /// Every class of the classification, in code order, as the input's suggestions.
    func activitySuggestions(_ language: Language) -> [[String: String]] {
        (activities?.classes ?? []).map { ["text": "\($0.code) – \($0.name.text(language))"] }
    }

    /// The code in what was typed or picked: the leading four digits of "6201 – …", else the
    /// class whose name (in any language) was typed whole, else the one class whose name holds
    /// every word typed ("phần mềm xuất bản"); else the text, for the service to refuse.
    func activityCode(_ text: String) -> String {
        if let match = text.firstMatch(of: /^\s*([0-9]{4})(?![0-9])/) { return String(match.1) }
        guard let classes = activities?.classes else { return text }
        let folded = TextFolding.folded(text), words = TextFolding.words(text)
        if let named = classes.first(where: { $0.name.values.values.contains { TextFolding.folded($0) == folded } }) { return named.code }
        guard !words.isEmpty else { return text }
        let matching = activityMatches(text)
        return matching.count == 1 ? matching[0].code : text
    }

    /// Why `text` names no class, in words a person can act on: several classes fit it, or none
    /// does; nil for a code (its own error says whether the classification has it).
    func activityProblem(_ text: String, _ language: Language, _ messages: MessageCatalogue) -> String? {
        let typed = text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty, typed.wholeMatch(of: /[0-9]{4}/) == nil, activities?.activity(activityCode(typed)) == nil else { return nil }
        return messages.text(activityMatches(typed).isEmpty ? "web.activity.none" : "web.activity.several", language, ["value": typed])
    }

    /// The classes whose name, in any language, holds every word of `text` (accents and case aside).
    func activityMatches(_ text: String) -> [ActivityClassification.Entry] {
        let words = TextFolding.words(text)
        guard !words.isEmpty else { return [] }
        return (activities?.classes ?? []).filter { entry in
            entry.name.values.values.contains { name in let folded = TextFolding.folded(name); return words.allSatisfy(folded.contains) }
        }
    }

    // MARK: Hints

    /// What the input expects, in `language`: the schema's own `x-hint` (a text per language,
    /// or the name of a `web.hint.` message), else its format's, else its pattern described;
    /// and, for a date that may not precede another, which one.
    func hint(for property: JSONValue, _ language: Language, _ messages: MessageCatalogue) -> String? {
        var parts: [String] = []
        switch property["x-hint"] {
        case .string(let key)?:
            if let text = messages.text(ifPresent: "web.hint.\(key)", language) { parts.append(text) }
        case .object?:
            if let text = language.fallbackChain.lazy.compactMap({ property["x-hint"]?[$0.rawValue]?.stringValue }).first { parts.append(text) }
        default:
            let format = property["format"]?.stringValue ?? property["items"]?["format"]?.stringValue
            if format == "country" {
                // Chosen from a list of names: there is no format to explain.
            } else if let key = format.flatMap({ Self.formatHints[$0] }) {
                parts.append(messages.text("web.hint.\(key)", language))
            } else if let pattern = property["pattern"]?.stringValue ?? property["items"]?["pattern"]?.stringValue,
                      let text = Self.describe(pattern: pattern, language, messages) {
                parts.append(text)
            }
        }
        if let earlier = property["x-not-before"]?.stringValue, let other = schema["properties"]?[earlier] {
            parts.append(messages.text("web.hint.not_before", language, ["earlier": Self.title(of: other, language) ?? earlier]))
        }
        // Chinese and Japanese sentences follow each other without a space.
        return parts.isEmpty ? nil : parts.joined(separator: language == .zhHans || language == .ja ? "" : " ")
    }

    /// The `web.hint.` message of each format that has one.
    static let formatHints: [String: String] = [
        "date": "date", "tax-code": "tax_code", "taxpayer-id": "taxpayer_id", "irc-reference": "irc_reference",
        "zone-address": "zone_address", "vsic": "vsic", "email": "email",
    ]

    /// Patterns that spell a known shape: an enterprise code is its tax code.
    static let patternHints: [String: String] = ["^[0-9]{10}(-[0-9]{3})?$": "tax_code", "^[0-9]{10}(-[0-9]{3})?": "tax_code"]

    /// A pattern of character classes with lengths (`^[A-Z0-9]{6,12}$`, `^[A-Z0-9][A-Z0-9-]{1,19}$`)
    /// said in words: "6 to 12 characters: capital letters (A–Z) and digits, no spaces." Nil for
    /// any other pattern (its error still says it is not in the expected format).
    static func describe(pattern: String, _ language: Language, _ messages: MessageCatalogue) -> String? {
        if let key = patternHints[pattern] { return messages.text("web.hint.\(key)", language) }
        guard pattern.hasPrefix("^"), pattern.hasSuffix("$") else { return nil }
        var rest = pattern.dropFirst().dropLast()
        var (least, most) = (0, 0)
        var kinds = Set<String>()
        while !rest.isEmpty {
            guard let piece = rest.prefixMatch(of: /\[([A-Za-z0-9-]+)\](?:\{([0-9]+)(?:,([0-9]+))?\})?/) else { return nil }
            var set = piece.1
            for (range, kind) in [("A-Z", "upper"), ("a-z", "lower"), ("0-9", "digit")] where set.contains(range) {
                kinds.insert(kind)
                set = set.replacing(range, with: "")
            }
            if set.contains("-") { kinds.insert("hyphen"); set = set.replacing("-", with: "") }
            guard set.isEmpty else { return nil }
            let minimum = piece.2.flatMap { Int($0) } ?? 1
            least += minimum
            most += piece.3.flatMap { Int($0) } ?? minimum
            rest = rest[piece.range.upperBound...]
        }
        let key = ["upper", "lower", "digit", "hyphen"].filter(kinds.contains).joined(separator: "_")
        guard let characters = messages.text(ifPresent: "web.hint.characters.\(key)", language) else { return nil }
        return least == most ? messages.text("web.hint.pattern_exact", language, ["length": String(least), "characters": characters])
            : messages.text("web.hint.pattern_range", language, ["min": String(least), "max": String(most), "characters": characters])
    }

    private static func inputType(of property: JSONValue) -> String {
        switch (property["type"]?.stringValue, property["format"]?.stringValue) {
        case (_, "date"): "date"
        case (_, "email"): "email"
        default: "text"
        }
    }
}
