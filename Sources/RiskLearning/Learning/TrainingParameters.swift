/// The knobs of gradient-boosted trees, stored with every model version (and ledgered), so
/// that a model can be retrained exactly: same data, same parameters, same trees.
public struct TrainingParameters: Codable, Sendable, Equatable {
    /// Boosting rounds (one tree each).
    public var trees: Int
    public var maxDepth: Int
    public var learningRate: Double
    /// L2 regularisation of leaf weights (XGBoost's lambda).
    public var lambda: Double
    /// The least hessian (for log loss, about p(1 − p) per row) a leaf may hold.
    public var minChildWeight: Double
    /// A split must improve the regularised loss by more than this (XGBoost's gamma).
    public var minSplitGain: Double
    /// Quantile bins per feature, at most 254 (one more bin holds missing values).
    public var bins: Int
    /// Worker threads for histograms. The sums are added in a fixed order, so a given
    /// thread count always gives the same model; a different one may differ in the last bits.
    public var threads: Int

    public init(trees: Int = 300, maxDepth: Int = 6, learningRate: Double = 0.1, lambda: Double = 1, minChildWeight: Double = 1,
                minSplitGain: Double = 0, bins: Int = 254, threads: Int = 2) {
        self.trees = trees
        self.maxDepth = maxDepth
        self.learningRate = learningRate
        self.lambda = lambda
        self.minChildWeight = minChildWeight
        self.minSplitGain = minSplitGain
        self.bins = bins
        self.threads = threads
    }

    /// What is wrong with these parameters, by field name; empty when they can be used.
    public var problems: [(field: String, reason: String)] {
        var problems: [(String, String)] = []
        if !(1...5_000).contains(trees) { problems.append(("trees", "between 1 and 5000")) }
        if !(1...12).contains(maxDepth) { problems.append(("maxDepth", "between 1 and 12")) }
        if !(learningRate > 0 && learningRate <= 1) { problems.append(("learningRate", "above 0 and at most 1")) }
        if !(lambda >= 0) { problems.append(("lambda", "0 or more")) }
        if !(minChildWeight >= 0) { problems.append(("minChildWeight", "0 or more")) }
        if !(minSplitGain >= 0) { problems.append(("minSplitGain", "0 or more")) }
        if !(2...254).contains(bins) { problems.append(("bins", "between 2 and 254")) }
        if !(1...64).contains(threads) { problems.append(("threads", "between 1 and 64")) }
        return problems
    }
}
