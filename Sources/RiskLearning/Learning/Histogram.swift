import Dispatch

/// Gradient and hessian sums per feature and bin for one node's rows: 256 bins per feature
/// (the last for missing values), gradient and hessian interleaved.
struct Histogram: Sendable {
    static let binsPerFeature = 256
    let features: Int
    var values: [Double]

    init(features: Int) {
        self.features = features
        values = [Double](repeating: 0, count: features * Self.binsPerFeature * 2)
    }

    func sums(feature: Int, bin: Int) -> (gradient: Double, hessian: Double) {
        let at = (feature * Self.binsPerFeature + bin) * 2
        return (values[at], values[at + 1])
    }

    /// The node's totals, read off one feature (every row falls in one bin of each feature).
    func totals() -> (gradient: Double, hessian: Double) {
        var g = 0.0, h = 0.0
        for bin in 0..<Self.binsPerFeature {
            let sums = sums(feature: 0, bin: bin)
            g += sums.gradient
            h += sums.hessian
        }
        return (g, h)
    }

    func subtracting(_ other: Histogram) -> Histogram {
        var result = self
        for index in result.values.indices { result.values[index] -= other.values[index] }
        return result
    }
}

/// Builds histograms over a node's rows on `threads` workers: each sums a fixed slice of
/// the rows into its own histogram and the slices are added in order, so a given thread
/// count always gives the same sums.
struct HistogramLayout: Sendable {
    let features: Int
    let threads: Int
    /// Below this many rows one worker is faster than starting several.
    static let rowsPerWorker = 16_384

    func build(_ data: TrainingData, rows: UnsafeBufferPointer<Int32>) -> Histogram {
        let workers = max(1, min(threads, rows.count / Self.rowsPerWorker))
        if workers == 1 { return accumulate(data, rows: rows) }
        let partials = PartialHistograms(count: workers)
        let sliceSize = (rows.count + workers - 1) / workers
        let shared = SharedRows(rows: rows)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * sliceSize, end = min(shared.rows.count, start + sliceSize)
            partials.store(worker, accumulate(data, rows: UnsafeBufferPointer(rebasing: shared.rows[start..<end])))
        }
        var total = partials.take(0)
        for worker in 1..<workers {
            let part = partials.take(worker)
            for index in total.values.indices { total.values[index] += part.values[index] }
        }
        return total
    }

    private func accumulate(_ data: TrainingData, rows: UnsafeBufferPointer<Int32>) -> Histogram {
        var histogram = Histogram(features: features)
        let width = data.featureCount
        histogram.values.withUnsafeMutableBufferPointer { sums in
            for row in rows {
                let offset = Int(row) * width
                let g = Double(data.gradients[Int(row)]), h = Double(data.hessians[Int(row)])
                for feature in 0..<width {
                    let at = (feature * Histogram.binsPerFeature + Int(data.binned[offset + feature])) * 2
                    sums[at] += g
                    sums[at + 1] += h
                }
            }
        }
        return histogram
    }
}

/// The node's row indices, read (never written) by every worker while the caller waits.
private struct SharedRows: @unchecked Sendable {
    let rows: UnsafeBufferPointer<Int32>
}

/// One slot per worker; each worker writes only its own. The slots live in raw memory, not
/// in an array property, so that concurrent writes to different slots are not (dynamically
/// checked) simultaneous accesses to one variable.
private final class PartialHistograms: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Histogram?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ worker: Int, _ histogram: Histogram) { slots[worker] = histogram }

    func take(_ worker: Int) -> Histogram { slots[worker]! }
}
