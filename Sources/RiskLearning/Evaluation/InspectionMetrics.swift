/// How well scores pick declarations for inspection, as a customs risk unit judges it:
/// inspect the top k % by score, and ask what share of them had a finding (precision) and
/// what share of all lost revenue they recover; plus the ranking's AUC.
public struct InspectionMetrics: Sendable, Equatable, Codable {
    public let rows: Int
    public let findings: Int
    public let auc: Double
    public let precisionAt1: Double
    public let precisionAt5: Double
    public let revenueRecallAt1: Double
    public let revenueRecallAt5: Double

    public init(scores: [Double], findings labels: [UInt8], revenue: [Double]) {
        precondition(scores.count == labels.count && labels.count == revenue.count, "one score, label and amount per row")
        let count = scores.count
        let ranked = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        let totalRevenue = revenue.reduce(0, +)
        func top(_ percent: Double) -> (precision: Double, revenue: Double) {
            guard count > 0 else { return (0, 0) }
            let inspected = max(1, Int((Double(count) * percent / 100).rounded(.up)))
            let picked = ranked.prefix(inspected)
            let hits = picked.reduce(0) { $0 + Int(labels[$1]) }
            let recovered = picked.reduce(0.0) { $0 + revenue[$1] }
            return (Double(hits) / Double(inspected), totalRevenue > 0 ? recovered / totalRevenue : 0)
        }
        let one = top(1), five = top(5)
        rows = count
        findings = labels.reduce(0) { $0 + Int($1) }
        precisionAt1 = one.precision
        revenueRecallAt1 = one.revenue
        precisionAt5 = five.precision
        revenueRecallAt5 = five.revenue
        auc = Self.auc(scores: scores, labels: labels)
    }

    /// The probability that a random finding scores above a random clean declaration
    /// (Mann–Whitney), ties counted half.
    static func auc(scores: [Double], labels: [UInt8]) -> Double {
        let positives = labels.reduce(0) { $0 + Int($1) }, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        let ascending = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var start = 0
        while start < ascending.count {
            var end = start
            while end + 1 < ascending.count, scores[ascending[end + 1]] == scores[ascending[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end where labels[ascending[position]] == 1 { rankSum += averageRank }
            start = end + 1
        }
        return (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }
}
