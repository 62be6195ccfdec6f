import Dispatch
import Foundation

/// One tree while it grows: nodes in the order they were made, the root first.
struct TreeBuilder: Sendable {
    struct Node: Sendable {
        var feature: Int16 = -1
        var threshold: Float = 0
        var left: Int32 = -1
        var right: Int32 = -1
        var missingLeft = true
        var value: Float
        var cover: Float
    }

    var nodes: [Node] = []
}

/// Gradient-boosted decision trees for a yes/no outcome (a finding at inspection), trained
/// with log loss on quantile histograms, level by level, as XGBoost's `hist` method does:
/// - rows are binned once into one byte per feature (`FeatureBinning`);
/// - each node's rows sit in one contiguous range of an index array, split in place;
/// - a node's histogram of gradient and hessian sums per bin is built only for the smaller
///   child; the larger one is the parent's minus it;
/// - a split's gain is the regularised loss reduction, with missing values sent to
///   whichever side gains more.
///
/// Nothing is random (no row or column sampling), so the same rows and parameters always
/// give the same trees: the training run is reproducible from its data's digest.
public struct GradientBoostingTrainer: Sendable {
    public let parameters: TrainingParameters

    public init(parameters: TrainingParameters) { self.parameters = parameters }

    /// Trains on `rows` rows of `features` values each (row-major, NaN for missing) with
    /// labels 0/1. `progress` hears after every tree (for the log of a long run). With
    /// `rows`, only the first `rows` rows are used: a time split trains on a prefix without
    /// copying it.
    public func train(features: [Float], labels: [UInt8], featureCount: Int, rows: Int? = nil,
                      progress: (_ tree: Int) -> Void = { _ in }) -> TreeEnsemble {
        let rowCount = rows ?? labels.count
        precondition(rowCount <= labels.count && features.count >= rowCount * featureCount, "one value per row and feature")
        precondition(rowCount > 0, "training needs rows")
        let binning = FeatureBinning(columns: featureCount, rows: rowCount, bins: parameters.bins) { features[$0 * featureCount + $1] }
        var binned = [UInt8](repeating: 0, count: rowCount * featureCount)
        for row in 0..<rowCount {
            for column in 0..<featureCount {
                binned[row * featureCount + column] = binning.bin(features[row * featureCount + column], column: column)
            }
        }
        let positives = labels[..<rowCount].reduce(0) { $0 + Int($1) }
        let rate = min(max(Double(positives) / Double(rowCount), 1e-6), 1 - 1e-6)
        let baseMargin = log(rate / (1 - rate))
        var margins = [Double](repeating: baseMargin, count: rowCount)
        var gradients = [Float](repeating: 0, count: rowCount)
        var hessians = [Float](repeating: 0, count: rowCount)
        var order = [Int32](repeating: 0, count: rowCount)
        var trees: [TreeBuilder] = []
        trees.reserveCapacity(parameters.trees)
        let layout = HistogramLayout(features: featureCount, threads: max(1, parameters.threads))
        for round in 0..<parameters.trees {
            for row in 0..<rowCount {
                let p = 1 / (1 + exp(-margins[row]))
                gradients[row] = Float(p - Double(labels[row]))
                hessians[row] = Float(max(p * (1 - p), 1e-16))
                order[row] = Int32(row)
            }
            let tree = binned.withUnsafeBufferPointer { binned in
                gradients.withUnsafeBufferPointer { gradients in
                    hessians.withUnsafeBufferPointer { hessians in
                        order.withUnsafeMutableBufferPointer { order in
                            grow(TrainingData(binned: binned, gradients: gradients, hessians: hessians, featureCount: featureCount),
                                 order: order, binning: binning, layout: layout, margins: &margins)
                        }
                    }
                }
            }
            trees.append(tree)
            progress(round + 1)
        }
        return TreeEnsemble(baseMargin: baseMargin, featureCount: featureCount, trees: trees)
    }

    /// One tree, grown level by level; adds each leaf's value to its rows' margins.
    private func grow(_ data: TrainingData, order: UnsafeMutableBufferPointer<Int32>, binning: FeatureBinning, layout: HistogramLayout,
                      margins: inout [Double]) -> TreeBuilder {
        var tree = TreeBuilder()
        let rootHistogram = layout.build(data, rows: UnsafeBufferPointer(rebasing: order[0..<order.count]))
        let (rootG, rootH) = rootHistogram.totals()
        tree.nodes.append(.init(value: leafValue(rootG, rootH), cover: Float(rootH)))
        var level = [GrowingNode(index: 0, start: 0, end: order.count, histogram: rootHistogram, gradient: rootG, hessian: rootH)]
        var leaves: [(index: Int, start: Int, end: Int)] = []
        for depth in 0...parameters.maxDepth where !level.isEmpty {
            var next: [GrowingNode] = []
            for node in level {
                guard depth < parameters.maxDepth, let split = bestSplit(node, binning: binning) else {
                    leaves.append((node.index, node.start, node.end))
                    continue
                }
                let middle = partition(data, order: order, node: node, split: split)
                let leftIndex = Int32(tree.nodes.count)
                let rightGradient = node.gradient - split.leftGradient, rightHessian = node.hessian - split.leftHessian
                tree.nodes.append(.init(value: leafValue(split.leftGradient, split.leftHessian), cover: Float(split.leftHessian)))
                tree.nodes.append(.init(value: leafValue(rightGradient, rightHessian), cover: Float(rightHessian)))
                tree.nodes[node.index].feature = Int16(split.feature)
                tree.nodes[node.index].threshold = split.threshold
                tree.nodes[node.index].missingLeft = split.missingLeft
                tree.nodes[node.index].left = leftIndex
                tree.nodes[node.index].right = leftIndex + 1
                // The smaller child's histogram is built from its rows; the larger one is the rest.
                let leftIsSmaller = middle - node.start <= node.end - middle
                let small = leftIsSmaller ? node.start..<middle : middle..<node.end
                let smallHistogram = layout.build(data, rows: UnsafeBufferPointer(rebasing: order[small]))
                let largeHistogram = node.histogram.subtracting(smallHistogram)
                next.append(GrowingNode(index: Int(leftIndex), start: node.start, end: middle,
                                        histogram: leftIsSmaller ? smallHistogram : largeHistogram,
                                        gradient: split.leftGradient, hessian: split.leftHessian))
                next.append(GrowingNode(index: Int(leftIndex) + 1, start: middle, end: node.end,
                                        histogram: leftIsSmaller ? largeHistogram : smallHistogram,
                                        gradient: rightGradient, hessian: rightHessian))
            }
            level = next
        }
        // Every row's leaf is known from the ranges: no traversal to update the margins.
        for leaf in leaves {
            let value = Double(tree.nodes[leaf.index].value)
            for position in leaf.start..<leaf.end { margins[Int(order[position])] += value }
        }
        return tree
    }

    private func leafValue(_ gradient: Double, _ hessian: Double) -> Float {
        Float(-gradient / (hessian + parameters.lambda) * parameters.learningRate)
    }

    /// The regularised loss of a node holding these sums (lower is better, up to a constant).
    private func score(_ gradient: Double, _ hessian: Double) -> Double { gradient * gradient / (hessian + parameters.lambda) }

    /// The split of this node that reduces the loss most, or nil when none is worth it.
    private func bestSplit(_ node: GrowingNode, binning: FeatureBinning) -> Split? {
        guard node.hessian >= 2 * parameters.minChildWeight else { return nil }
        let parent = score(node.gradient, node.hessian)
        var best: Split?
        var bestGain = parameters.minSplitGain
        let histogram = node.histogram
        for feature in 0..<histogram.features {
            let cuts = binning.cuts[feature]
            if cuts.isEmpty { continue }
            let missing = histogram.sums(feature: feature, bin: Int(FeatureBinning.missingBin))
            var g = 0.0, h = 0.0
            // Bin b's rows go left with every bin below it; the last regular bin cannot be split after.
            for bin in 0..<cuts.count {
                let sums = histogram.sums(feature: feature, bin: bin)
                g += sums.gradient
                h += sums.hessian
                for missingLeft in [true, false] {
                    let leftG = missingLeft ? g + missing.gradient : g, leftH = missingLeft ? h + missing.hessian : h
                    let rightG = node.gradient - leftG, rightH = node.hessian - leftH
                    guard leftH >= parameters.minChildWeight, rightH >= parameters.minChildWeight else { continue }
                    let gain = 0.5 * (score(leftG, leftH) + score(rightG, rightH) - parent)
                    if gain > bestGain {
                        bestGain = gain
                        best = Split(feature: feature, bin: UInt8(bin), threshold: cuts[bin], missingLeft: missingLeft,
                                     leftGradient: leftG, leftHessian: leftH)
                    }
                }
            }
        }
        return best
    }

    /// Puts the node's left rows first in its range (in place); returns where the right ones start.
    private func partition(_ data: TrainingData, order: UnsafeMutableBufferPointer<Int32>, node: GrowingNode, split: Split) -> Int {
        var low = node.start, high = node.end - 1
        func goesLeft(_ row: Int32) -> Bool {
            let bin = data.binned[Int(row) * data.featureCount + split.feature]
            return bin == FeatureBinning.missingBin ? split.missingLeft : bin <= split.bin
        }
        while low <= high {
            if goesLeft(order[low]) {
                low += 1
            } else {
                order.swapAt(low, high)
                high -= 1
            }
        }
        return low
    }
}

struct TrainingData: @unchecked Sendable {
    let binned: UnsafeBufferPointer<UInt8>
    let gradients: UnsafeBufferPointer<Float>
    let hessians: UnsafeBufferPointer<Float>
    let featureCount: Int
}

struct GrowingNode {
    let index: Int
    let start: Int
    let end: Int
    let histogram: Histogram
    let gradient: Double
    let hessian: Double
}

struct Split {
    let feature: Int
    let bin: UInt8
    let threshold: Float
    let missingLeft: Bool
    let leftGradient: Double
    let leftHessian: Double
}
