import FTZCore
import Yams

/// Reads the zone's YAML data files (procedures, trade, risk, exchange, programmes) within
/// bounds, so a file too large or too deeply nested is refused with an error that names it
/// instead of exhausting a thread's stack.
///
/// Yams composes nodes and `Decodable` descends types recursively: the stack they need grows
/// with the nesting of the file. Everything here runs on a ``DeepStack`` thread, and the bounds
/// keep what it needs far inside that thread's stack (a test measures both).
public enum CatalogueFile {
    /// The largest file accepted. The Hai Phong catalogue's largest is about 30 KB.
    public static let maximumBytes = 1 << 20
    /// The deepest nesting of mappings and sequences accepted: the same bound as a JSON value's
    /// (form schemas are JSON values written in YAML).
    public static let maximumNesting = JSONValue.maximumDepth
    /// The most nodes a file may expand to, aliases included: an alias repeats its anchor's
    /// whole tree, so a small file can otherwise stand for billions of values.
    public static let maximumNodes = 200_000

    /// A file the loader refuses, and why.
    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public let file: String
        public let reason: String
        public init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
        public var description: String { "catalogue file \(file): \(reason)" }
    }

    /// Parses one file into its node tree, refusing it if it breaks a bound. Call it on a
    /// ``DeepStack`` thread (``decode(_:from:file:)`` does). The resolver is `YAMLDecoder`'s
    /// (`.basic`: scalars stay strings until a type asks) unless a caller needs tags resolved.
    public static func compose(_ text: String, file: String, resolver: Resolver = .basic) throws -> Node {
        if let reason = sizeRefusal(text.utf8.count) { throw Refusal(file: file, reason: reason) }
        let composed: Node?
        do { composed = try Parser(yaml: text, resolver: resolver).singleRoot() } catch { throw Refusal(file: file, reason: "is not valid YAML: \(error)") }
        guard let node = composed else { throw Refusal(file: file, reason: "is empty") }
        try checkShape(of: node, file: file)
        return node
    }

    /// Why a file of `bytes` is refused, or nil when its size is within the bound (asked
    /// before a file is read, too, so a huge one is never read whole).
    public static func sizeRefusal(_ bytes: Int) -> String? {
        bytes > maximumBytes ? "is \(bytes) bytes long; a catalogue file may have at most \(maximumBytes)" : nil
    }

    /// Decodes a whole file as `T` on a ``DeepStack`` thread, as `YAMLDecoder` would from the
    /// text (its errors unchanged), once the file is within the bounds.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws -> T {
        try DeepStack.run { try YAMLDecoder().decode(T.self, from: compose(text, file: file)) }
    }

    /// Walks the tree without recursion (it may be the deep one) and refuses it past either bound.
    static func checkShape(of root: Node, file: String) throws {
        var pending: [(node: Node, depth: Int)] = [(root, 1)]
        var visited = 0
        while let (node, depth) = pending.popLast() {
            visited += 1
            guard visited <= maximumNodes else {
                throw Refusal(file: file, reason: "expands to more than \(maximumNodes) values (are aliases repeating a large anchor?)")
            }
            guard depth <= maximumNesting else {
                throw Refusal(file: file, reason: "nests mappings and sequences \(depth) deep at line \(node.mark.map { String($0.line) } ?? "?"); "
                                  + "at most \(maximumNesting) levels are accepted")
            }
            switch node {
            case .mapping(let mapping): for (key, value) in mapping { pending.append((key, depth + 1)); pending.append((value, depth + 1)) }
            case .sequence(let sequence): for item in sequence { pending.append((item, depth + 1)) }
            case .scalar, .alias: break
            }
        }
    }
}
