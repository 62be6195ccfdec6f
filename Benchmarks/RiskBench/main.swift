import Dispatch
import Foundation
import RiskLearning

// The risk model against the field, on synthetic declarations with known ground truth
// (scripts/bench/risk/generate.py): features computed in time order by the project's
// extractor, training on the first 80 % of the time range, evaluation on the rest.
// Writes the same feature rows for the XGBoost baseline (scripts/bench/risk/run), and
// prints one JSON object per model: this project's trees and the catalogue's fixed rules.
//
//   RiskBench --declarations FILE --features-out FILE [--trees N] [--depth D] [--eta E] [--threads T]
//             [--time-full-training]

var arguments = [String: String]()
var flags = Set<String>()
var position = 1
while position < CommandLine.arguments.count {
    let name = CommandLine.arguments[position]
    if name == "--time-full-training" { flags.insert(name); position += 1; continue }
    guard position + 1 < CommandLine.arguments.count else { fatalError("\(name) needs a value") }
    arguments[name] = CommandLine.arguments[position + 1]
    position += 2
}
guard let declarationsPath = arguments["--declarations"] else { fatalError("--declarations FILE is required") }
let catalogue = try RiskCatalogue.load(directory: nil)
var parameters = catalogue.training
if let trees = arguments["--trees"].flatMap(Int.init) { parameters.trees = trees }
if let depth = arguments["--depth"].flatMap(Int.init) { parameters.maxDepth = depth }
if let eta = arguments["--eta"].flatMap(Double.init) { parameters.learningRate = eta }
if let threads = arguments["--threads"].flatMap(Int.init) { parameters.threads = threads }

func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
func log(_ text: String) { FileHandle.standardError.write((text + "\n").data(using: .utf8)!) }
func peakResidentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

var started = DispatchTime.now()
let declarations = try DeclarationFile.read(declarationsPath)
log("read \(declarations.count) declarations in \(String(format: "%.1f", seconds(since: started))) s")
guard let first = declarations.first?.facts.registeredAt, let last = declarations.last?.facts.registeredAt else { fatalError("no rows") }
let cutoff = first.addingTimeInterval(last.timeIntervalSince(first) * 0.8)

// Features in time order. Outcomes are known for the training period only: a test
// declaration's history holds no inspection result from the test period, as on the day
// the model would score it.
let extractor = FeatureExtractor(definitions: catalogue.features)
let width = catalogue.features.count
var history = RiskHistory()
var matrix = [Float]()
matrix.reserveCapacity(declarations.count * width)
started = DispatchTime.now()
for declaration in declarations {
    matrix += extractor.features(of: declaration.facts, history: history)
    history.observe(declaration.facts, lane: nil)
    if declaration.facts.registeredAt < cutoff {
        history.recordOutcome(importer: declaration.facts.importer, declarant: declaration.facts.declarant, finding: declaration.finding)
    }
}
let featureSeconds = seconds(since: started)
let trainCount = declarations.firstIndex { $0.facts.registeredAt >= cutoff } ?? declarations.count
let testRange = trainCount..<declarations.count
log("features: \(width) per declaration, \(Int(Double(declarations.count) / featureSeconds)) declarations/s; train \(trainCount), test \(testRange.count)")

let labels = declarations.map { UInt8($0.finding ? 1 : 0) }
let trainer = GradientBoostingTrainer(parameters: parameters)
started = DispatchTime.now()
let ensemble = trainer.train(features: matrix, labels: labels, featureCount: width, rows: trainCount) { tree in
    if tree % 50 == 0 { log("  tree \(tree)") }
}
let trainSeconds = seconds(since: started)

// Scoring on one core: the trees alone, then with the explanation.
started = DispatchTime.now()
let testScores = ensemble.probabilities(of: matrix, rows: testRange)
let scoreSeconds = seconds(since: started)
let model = RiskModel(features: catalogue.features, parameters: parameters, ensemble: ensemble, trainingDigest: "", trainingRows: trainCount, metrics: nil)
let explained = min(testRange.count, 50_000)
started = DispatchTime.now()
var checksum = 0.0
for row in testRange.prefix(explained) { checksum += model.score(Array(matrix[(row * width)..<((row + 1) * width)])).probability }
let explainSeconds = seconds(since: started)

let testLabels = Array(labels[testRange])
let testRevenue = declarations[testRange].map(\.revenueLost)
let ours = InspectionMetrics(scores: testScores, findings: testLabels, revenue: testRevenue)

// The fixed rules alone: the catalogue's profiles, red above yellow, ties by declared value
// (a risk officer with only rules inspects the largest consignments first).
let ruleScores = testRange.map { row -> Double in
    let features = Array(matrix[(row * width)..<((row + 1) * width)])
    let lane = catalogue.profiles.filter { $0.matches(features, features: catalogue.features) }.map(\.lane.severity).max() ?? 0
    return Double(lane) + min(0.999, declarations[row].facts.value / 1e9)
}
let rules = InspectionMetrics(scores: ruleScores, findings: testLabels, revenue: testRevenue)

var fullTrainingSeconds: Double?
if flags.contains("--time-full-training") {
    started = DispatchTime.now()
    _ = trainer.train(features: matrix, labels: labels, featureCount: width)
    fullTrainingSeconds = seconds(since: started)
}

if let out = arguments["--features-out"] {
    var text = "split,label,revenue," + catalogue.features.map(\.code).joined(separator: ",") + "\n"
    text.reserveCapacity(declarations.count * width * 8)
    for row in declarations.indices {
        text += row < trainCount ? "train," : "test,"
        text += "\(labels[row]),\(String(format: "%.2f", declarations[row].revenueLost))"
        for column in 0..<width {
            let value = matrix[row * width + column]
            text += value.isNaN ? "," : ",\(value)"
        }
        text += "\n"
    }
    try text.write(toFile: out, atomically: true, encoding: .utf8)
}

func json(_ name: String, _ metrics: InspectionMetrics, _ extra: [String: Any]) -> String {
    var object: [String: Any] = [
        "model": name, "auc": metrics.auc, "precision_at_1": metrics.precisionAt1, "precision_at_5": metrics.precisionAt5,
        "revenue_recall_at_1": metrics.revenueRecallAt1, "revenue_recall_at_5": metrics.revenueRecallAt5,
        "test_rows": metrics.rows, "test_frauds": metrics.findings,
    ]
    object.merge(extra) { _, new in new }
    return String(data: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), encoding: .utf8)!
}
var ourExtra: [String: Any] = [
    "train_seconds": trainSeconds, "train_rows": trainCount, "trees": parameters.trees, "depth": parameters.maxDepth,
    "threads": parameters.threads, "score_seconds": scoreSeconds,
    "scores_per_second_one_core": Double(testRange.count) / scoreSeconds,
    "explained_per_second_one_core": Double(explained) / explainSeconds,
    "features_per_second": Double(declarations.count) / featureSeconds, "peak_rss_mb": peakResidentMegabytes(),
    "model_bytes": (try? JSONEncoder().encode(ensemble).count) ?? 0,
]
if let fullTrainingSeconds { ourExtra["full_training_seconds"] = fullTrainingSeconds; ourExtra["full_training_rows"] = declarations.count }
print(json("ftz-gbdt", ours, ourExtra))
print(json("rules", rules, ["profiles": catalogue.profiles.count]))
if checksum.isNaN { log("explanations produced NaN") }
