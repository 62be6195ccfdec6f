/// One segment: its tag and data elements, each a list of components, unescaped.
///
/// Components are stored flat (one array for the segment) since most segments are short
/// and a parse allocates per segment, not per element.
public struct Segment: Sendable, Equatable {
    public let tag: String
    /// Position in the interchange, UNB being 1.
    public let position: Int
    let components: [String]
    /// For each element, the index in `components` after its last component.
    let elementEnds: [Int]

    public init(tag: String, position: Int, elements: [[String]]) {
        self.tag = tag
        self.position = position
        var components: [String] = []
        var ends: [Int] = []
        for element in elements {
            components += element
            ends.append(components.count)
        }
        self.components = components
        elementEnds = ends
    }

    init(tag: String, position: Int, components: [String], elementEnds: [Int]) {
        self.tag = tag
        self.position = position
        self.components = components
        self.elementEnds = elementEnds
    }

    /// Number of data elements present (trailing empty ones may be left out by senders).
    public var elementCount: Int { elementEnds.count }

    /// The components of data element `element` (0 is the first after the tag).
    public func element(_ element: Int) -> ArraySlice<String> {
        guard element >= 0, element < elementEnds.count else { return [] }
        let start = element == 0 ? 0 : elementEnds[element - 1]
        return components[start..<elementEnds[element]]
    }

    /// One component, nil when absent or empty: senders may omit trailing ones.
    public func value(_ element: Int, _ component: Int = 0) -> String? {
        let components = self.element(element)
        guard component >= 0, component < components.count else { return nil }
        let value = components[components.startIndex + component]
        return value.isEmpty ? nil : value
    }

    public var elements: [[String]] { (0..<elementCount).map { Array(element($0)) } }
}

extension Segment {
    /// A numeric component. Either decimal mark is accepted, as ISO 9735 asks of receivers.
    public func number(_ element: Int, _ component: Int = 0) -> Double? {
        guard let text = value(element, component) else { return nil }
        return Double(String(text.map { $0 == "," ? "." : $0 }))
    }
}
