import FTZCore
import Foundation
import Localization

/// The investor guide's questionnaire and its determinants (`Catalogue/<zone>/guide.yaml`):
/// rules from answers to the procedures that apply, with the reason each applies.
public struct EligibilityGuide: Sendable, Decodable, Equatable {
    public struct Question: Sendable, Decodable, Equatable {
        public enum Kind: String, Sendable, Decodable { case country, choice, vsic, boolean, money, integer }
        public let code: String
        public let type: Kind
        public let choices: [String]?
        public let text: LocalizedText
    }

    /// A test on the answers: one comparison, or all / any of nested ones.
    public indirect enum Rule: Sendable, Decodable, Equatable {
        case all([Rule])
        case any([Rule])
        case compare(question: String, test: Test)
        /// The question was left blank: the guide then lists what the answer could have
        /// ruled out (a construction permit, until the investor says the works are exempt).
        case unanswered(question: String)

        public enum Test: Sendable, Equatable {
            case equals(JSONValue)
            case notEquals(JSONValue)
            case greaterThan(Double)
            case atLeast(Money)
        }

        enum Keys: String, CodingKey { case all, any, question, equals, notEquals, greaterThan, atLeast, unanswered }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            if let rules = try container.decodeIfPresent([Rule].self, forKey: .all) { self = .all(rules); return }
            if let rules = try container.decodeIfPresent([Rule].self, forKey: .any) { self = .any(rules); return }
            let question = try container.decode(String.self, forKey: .question)
            if try container.decodeIfPresent(Bool.self, forKey: .unanswered) == true { self = .unanswered(question: question); return }
            if let value = try container.decodeIfPresent(JSONValue.self, forKey: .equals) { self = .compare(question: question, test: .equals(value)) }
            else if let value = try container.decodeIfPresent(JSONValue.self, forKey: .notEquals) {
                self = .compare(question: question, test: .notEquals(value))
            } else if let value = try container.decodeIfPresent(Double.self, forKey: .greaterThan) {
                self = .compare(question: question, test: .greaterThan(value))
            } else if let value = try container.decodeIfPresent(Money.self, forKey: .atLeast) {
                self = .compare(question: question, test: .atLeast(value))
            } else {
                throw DecodingError.dataCorruptedError(forKey: .question, in: container, debugDescription: "a rule needs a test")
            }
        }

        /// Whether the answers satisfy the rule; an unanswered question satisfies nothing.
        public func holds(for answers: [String: JSONValue]) -> Bool {
            switch self {
            case .all(let rules): return rules.allSatisfy { $0.holds(for: answers) }
            case .any(let rules): return rules.contains { $0.holds(for: answers) }
            case .unanswered(let question): return answers[question].map { $0 == .null } ?? true
            case .compare(let question, let test):
                guard let answer = answers[question], answer != .null else { return false }
                switch test {
                case .equals(let value): return answer == value
                case .notEquals(let value): return answer != value
                case .greaterThan(let limit): return (answer.doubleValue ?? -.infinity) > limit
                case .atLeast(let minimum):
                    guard let amount = answer["amount"]?.stringValue, let currency = answer["currency"]?.stringValue,
                          let money = try? Money(amount: amount, currency: currency), money.currency == minimum.currency
                    else { return false }
                    return money.minorUnits >= minimum.minorUnits
                }
            }
        }
    }

    public struct Determinant: Sendable, Decodable, Equatable {
        public let procedure: String
        public let when: Rule
        public let because: LocalizedText
    }

    public struct Note: Sendable, Decodable, Equatable {
        public let when: Rule
        public let text: LocalizedText
    }

    public let questions: [Question]
    public let determinants: [Determinant]
    public let notes: [Note]

    /// Checks every answer against its question, naming each fault under `/answers/…`; an
    /// activity must be a class of `activities` when the zone ships the classification.
    public func validate(_ answers: [String: JSONValue], activities: ActivityClassification? = nil) throws(Problem) {
        var validator = FieldValidator()
        for (code, answer) in answers.sorted(by: { $0.key < $1.key }) {
            let pointer = "/answers/\(code)"
            guard let question = questions.first(where: { $0.code == code }) else { validator.add(pointer, "question_unknown"); continue }
            if answer == .null { continue }
            switch question.type {
            case .country:
                validator.check(answer.stringValue.map(CountryCode.isAssigned) == true, pointer, "country_code")
            case .choice:
                validator.check(answer.stringValue.map { question.choices?.contains($0) == true } == true, pointer, "enum_value",
                                arguments: ["allowed": (question.choices ?? []).joined(separator: ", ")])
            case .vsic:
                let code = answer.stringValue ?? ""
                if !(code.count == 4 && code.allSatisfy(\.isASCIIDigit)) {
                    validator.add(pointer, "vsic_format")
                } else if let activities, activities.activity(code) == nil {
                    validator.add(pointer, "vsic_unknown", arguments: ["value": code, "version": activities.version])
                }
            case .boolean:
                validator.check(answer.boolValue != nil, pointer, "wrong_type", arguments: ["expected": "boolean"])
            case .integer:
                validator.check((answer.integerValue ?? -1) >= 0, pointer, "wrong_type", arguments: ["expected": "integer"])
            case .money:
                if let amount = answer["amount"]?.stringValue, let currency = answer["currency"]?.stringValue {
                    do { _ = try Money(amount: amount, currency: currency) } catch { validator.add(pointer, error.reason) }
                } else {
                    validator.add(pointer, "money_object")
                }
            }
        }
        try validator.finish()
    }

    /// The procedures that apply, in the guide's order, and the notes that concern the answers.
    public func evaluate(_ answers: [String: JSONValue], activities: ActivityClassification? = nil) throws(Problem)
        -> (applicable: [Determinant], notes: [Note])
    {
        try validate(answers, activities: activities)
        var seen: Set<String> = []
        let applicable = determinants.filter { $0.when.holds(for: answers) && seen.insert($0.procedure).inserted }
        return (applicable, notes.filter { $0.when.holds(for: answers) })
    }
}
