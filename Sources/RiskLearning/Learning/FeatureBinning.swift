/// Each feature's values cut into quantile bins, as histogram-based boosting does: a split
/// is then chosen among at most `bins` thresholds per feature instead of every distinct
/// value, and rows are held as one byte per feature.
///
/// Bin `b` holds values in `(cuts[b - 1], cuts[b]]`; the last regular bin holds everything
/// above the last cut; `missingBin` holds NaN (a feature the declaration lacks).
struct FeatureBinning: Sendable {
    static let missingBin: UInt8 = 255
    /// Per feature, ascending thresholds.
    let cuts: [[Float]]

    /// Thresholds from a deterministic stride sample of each column (no randomness, so the
    /// same data always gives the same bins).
    init(columns: Int, rows: Int, bins: Int, value: (_ row: Int, _ column: Int) -> Float) {
        let sampleSize = min(rows, 200_000)
        let stride = max(1, rows / max(1, sampleSize))
        var cuts: [[Float]] = []
        for column in 0..<columns {
            var sample: [Float] = []
            sample.reserveCapacity(sampleSize)
            var row = 0
            while row < rows {
                let x = value(row, column)
                if !x.isNaN { sample.append(x) }
                row += stride
            }
            sample.sort()
            var thresholds: [Float] = []
            if !sample.isEmpty {
                for q in 1..<bins {
                    let value = sample[min(sample.count - 1, q * sample.count / bins)]
                    // A cut at the largest value would leave the top bin empty.
                    guard value < sample[sample.count - 1] else { continue }
                    // Halfway to the next larger value: the sample bins the same, and a value
                    // never seen in training (just above the left side's largest) falls on
                    // the side it is nearer to rather than always to the right.
                    let cut = value + (Self.nextLarger(than: value, in: sample) - value) / 2
                    if thresholds.last.map({ cut > $0 }) ?? true { thresholds.append(cut) }
                }
            }
            cuts.append(thresholds)
        }
        self.cuts = cuts
    }

    /// The smallest value of the sorted `sample` above `value` (which must not be its largest).
    static func nextLarger(than value: Float, in sample: [Float]) -> Float {
        var low = 0, high = sample.count
        while low < high {
            let middle = (low + high) / 2
            if sample[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return sample[low]
    }

    func bin(_ x: Float, column: Int) -> UInt8 {
        if x.isNaN { return Self.missingBin }
        let thresholds = cuts[column]
        var low = 0, high = thresholds.count  // the first cut >= x
        while low < high {
            let middle = (low + high) / 2
            if thresholds[middle] < x { low = middle + 1 } else { high = middle }
        }
        return UInt8(low)
    }
}
