import Foundation

/// What the features remember of past declarations, in memory: recent unit values per HS
/// code (and origin), and per importer and declarant their counts, findings and lanes.
/// It is fed in time order, declarations as they arrive and inspection outcomes as they
/// are reported, so a feature only ever sees what was known before the declaration.
public struct RiskHistory: Sendable {
    /// The most recent values of a statistic, at most `RecentValues.capacity`: medians of a
    /// recent window follow price changes, and sorting 64 numbers is cheap.
    struct RecentValues: Sendable {
        static let capacity = 64
        private(set) var values: [Float] = []
        private var next = 0
        private(set) var count = 0

        mutating func add(_ value: Float) {
            count += 1
            if values.count < Self.capacity { values.append(value) } else {
                values[next] = value
                next = (next + 1) % Self.capacity
            }
        }

        /// (x − median) / (1.4826 × MAD), the robust z-score; nil below `minimum` values.
        func robustZ(_ x: Float, minimum: Int) -> Float? {
            guard values.count >= max(3, minimum) else { return nil }
            let sorted = values.sorted()
            let median = sorted[sorted.count / 2]
            let deviations = sorted.map { abs($0 - median) }.sorted()
            // A floor keeps an identical-price history from turning any change into infinity.
            let spread = max(1.4826 * deviations[deviations.count / 2], 0.05)
            return (x - median) / spread
        }
    }

    struct Party: Sendable {
        var declarations = 0
        var findings = 0
        var inspected = 0
        var red = 0
        var controlled = 0
        var codes: Set<String> = []

        mutating func note(_ code: String, _ lane: Lane?) {
            declarations += 1
            codes.insert(code)
            if lane == .red { red += 1 }
            if lane == .red || lane == .yellow { controlled += 1 }
        }
    }

    var unitValueByCodeAndOrigin: [String: RecentValues] = [:]
    var unitValueByCode: [String: RecentValues] = [:]
    var valuePerKilogramByCode: [String: RecentValues] = [:]
    var originsByCode: [String: [String: Int]] = [:]
    var declarationsByCode: [String: Int] = [:]
    var importers: [String: Party] = [:]
    var declarants: [String: Party] = [:]

    public init() {}

    /// Remembers a declaration once its features were computed.
    public mutating func observe(_ facts: DeclarationFacts, lane: Lane?) {
        let unitValue = Self.logRatio(facts.value, facts.quantity), perKilogram = Self.logRatio(facts.value, facts.grossKilograms)
        if let unitValue {
            unitValueByCodeAndOrigin[facts.hsCode + "|" + facts.origin, default: .init()].add(unitValue)
            unitValueByCode[facts.hsCode, default: .init()].add(unitValue)
        }
        if let perKilogram { valuePerKilogramByCode[facts.hsCode, default: .init()].add(perKilogram) }
        originsByCode[facts.hsCode, default: [:]][facts.origin, default: 0] += 1
        declarationsByCode[facts.hsCode, default: 0] += 1
        importers[facts.importer, default: .init()].note(facts.hsCode, lane)
        declarants[facts.declarant, default: .init()].note(facts.hsCode, lane)
    }

    /// Remembers an inspection's outcome for the declaration's parties.
    public mutating func recordOutcome(importer: String, declarant: String, finding: Bool) {
        importers[importer, default: .init()].inspected += 1
        declarants[declarant, default: .init()].inspected += 1
        if finding {
            importers[importer, default: .init()].findings += 1
            declarants[declarant, default: .init()].findings += 1
        }
    }

    static func logRatio(_ numerator: Double, _ denominator: Double) -> Float? {
        guard numerator > 0, denominator > 0, numerator.isFinite, denominator.isFinite else { return nil }
        return Float(log(numerator / denominator))
    }
}
