import Foundation

/// A trained ensemble of binary regression trees on the log-odds scale (log loss), stored
/// flat so that scoring walks arrays, not objects. Every node keeps the value it would have
/// as a leaf, which is what an explanation needs: walking a declaration's path, each split
/// moves the prediction by (child's value − node's value), and that move is credited to the
/// split's feature. The credits and the bias add up to the score exactly (Saabas' method).
public struct TreeEnsemble: Codable, Sendable, Equatable {
    /// The log-odds before any tree: the training set's base rate.
    public let baseMargin: Double
    public let featureCount: Int
    /// The first node of each tree in the flat arrays.
    public let roots: [Int32]
    /// Split feature per node, -1 for a leaf.
    public let feature: [Int16]
    /// Go left when the value ≤ threshold.
    public let threshold: [Float]
    public let left: [Int32]
    public let right: [Int32]
    /// Where a missing value goes.
    public let missingLeft: [Bool]
    /// The node's value as a leaf (learning rate applied).
    public let value: [Float]
    /// The hessian the node covered in training (its weight of evidence).
    public let cover: [Float]

    init(baseMargin: Double, featureCount: Int, trees: [TreeBuilder]) {
        var roots: [Int32] = [], feature: [Int16] = [], threshold: [Float] = [], left: [Int32] = [], right: [Int32] = []
        var missingLeft: [Bool] = [], value: [Float] = [], cover: [Float] = []
        for tree in trees {
            let offset = Int32(feature.count)
            roots.append(offset)
            for node in tree.nodes {
                feature.append(node.feature)
                threshold.append(node.threshold)
                left.append(node.left < 0 ? -1 : node.left + offset)
                right.append(node.right < 0 ? -1 : node.right + offset)
                missingLeft.append(node.missingLeft)
                value.append(node.value)
                cover.append(node.cover)
            }
        }
        self.baseMargin = baseMargin
        self.featureCount = featureCount
        self.roots = roots
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.missingLeft = missingLeft
        self.value = value
        self.cover = cover
    }

    public var treeCount: Int { roots.count }

    /// The log-odds for one row of features (NaN for a missing one).
    public func margin(_ row: UnsafeBufferPointer<Float>) -> Double {
        var sum = baseMargin
        feature.withUnsafeBufferPointer { feature in
            threshold.withUnsafeBufferPointer { threshold in
                left.withUnsafeBufferPointer { left in
                    right.withUnsafeBufferPointer { right in
                        missingLeft.withUnsafeBufferPointer { missingLeft in
                            value.withUnsafeBufferPointer { value in
                                for root in roots {
                                    var node = Int(root)
                                    while feature[node] >= 0 {
                                        let x = row[Int(feature[node])]
                                        let goLeft = x.isNaN ? missingLeft[node] : x <= threshold[node]
                                        node = Int(goLeft ? left[node] : right[node])
                                    }
                                    sum += Double(value[node])
                                }
                            }
                        }
                    }
                }
            }
        }
        return sum
    }

    public func margin(_ row: [Float]) -> Double {
        precondition(row.count == featureCount, "a row has one value per feature")
        return row.withUnsafeBufferPointer { margin($0) }
    }

    /// The probability of a finding, from 0 to 1.
    public func probability(_ row: [Float]) -> Double { Self.sigmoid(margin(row)) }

    /// Probabilities of the rows `rows` of a row-major `matrix`, read in place.
    public func probabilities(of matrix: [Float], rows: Range<Int>) -> [Double] {
        matrix.withUnsafeBufferPointer { values in
            rows.map { Self.sigmoid(margin(UnsafeBufferPointer(rebasing: values[($0 * featureCount)..<(($0 + 1) * featureCount)]))) }
        }
    }

    public static func sigmoid(_ margin: Double) -> Double { 1 / (1 + exp(-margin)) }

    /// Each feature's share of the log-odds for this row, and the bias; bias + the shares
    /// equals `margin(row)` (up to rounding).
    public func contributions(_ row: [Float]) -> (bias: Double, byFeature: [Double]) {
        precondition(row.count == featureCount, "a row has one value per feature")
        var shares = [Double](repeating: 0, count: featureCount)
        var bias = baseMargin
        for root in roots {
            var node = Int(root)
            bias += Double(value[node])
            while feature[node] >= 0 {
                let column = Int(feature[node])
                let x = row[column]
                let next = Int((x.isNaN ? missingLeft[node] : x <= threshold[node]) ? left[node] : right[node])
                shares[column] += Double(value[next]) - Double(value[node])
                node = next
            }
        }
        return (bias, shares)
    }

    /// Total split gain per feature is not kept; how often each feature splits, weighted
    /// by the cover it splits, is a cheap global importance for the model page.
    public var importance: [Double] {
        var importance = [Double](repeating: 0, count: featureCount)
        for node in feature.indices where feature[node] >= 0 { importance[Int(feature[node])] += Double(cover[node]) }
        let total = importance.reduce(0, +)
        return total > 0 ? importance.map { $0 / total } : importance
    }
}
