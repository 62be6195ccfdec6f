import FTZCore
import HTTPTypes
import Hummingbird

/// Makes every request's path canonical before any other middleware decides on it.
///
/// The router matches `/v1/feeds/declarations/`, `//v1/feeds/declarations` and
/// `/v1/./feeds/declarations` to the same route, while middleware that compared path strings
/// saw three different paths: the feed gate, the parameter check and the metrics token were
/// each skipped by another spelling (security review, issue 33). Here a path with a trailing
/// slash, an empty, `.` or `..` segment, or an encoded slash or backslash is answered at once: a
/// GET or HEAD whose only fault is a slash too many is sent on to the one spelling with a
/// permanent redirect (what a person typing it meant); anything else is a 404 (no body is
/// read, nothing below runs). Past this point every path has exactly one spelling.
public struct CanonicalPathMiddleware: RouterMiddleware {
    public init() {}
    public typealias Context = FTZRequestContext

    /// How a path is spelt.
    public enum Spelling: Equatable, Sendable {
        /// The one spelling: the request goes on.
        case canonical
        /// Only a slash too many (trailing, or an empty segment): for GET and HEAD, a
        /// redirect to this spelling (always one leading slash, so never a `//host` elsewhere).
        case typo(of: String)
        /// A dot segment, or an encoded slash or backslash: games with the path, and a
        /// segment holding a slash names nothing here. A 404.
        case refused
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch Self.spelling(of: request.uri.path) {
        case .canonical:
            return try await next(request, context)
        case .typo(let canonical) where request.method == .get || request.method == .head:
            var location = canonical
            if let query = request.uri.query { location += "?" + query }
            return Response(status: .permanentRedirect, headers: [.location: location, .cacheControl: "no-store"])
        case .typo, .refused:
            throw Problem(.notFound, "path_not_canonical")
        }
    }

    public static func spelling(of path: String) -> Spelling {
        if isCanonical(path.utf8) { return .canonical }
        guard !path.contains("\\") else { return .refused }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let games = segments.contains { segment in
            dotSegment(segment.utf8) != 0 || segment.utf8.indices.contains { index in
                segment.utf8[index] == UInt8(ascii: "%") && encodesSeparator(segment.utf8[segment.utf8.index(after: index)...])
            }
        }
        return games ? .refused : .typo(of: "/" + segments.joined(separator: "/"))
    }

    /// One pass over the bytes, no allocation: the path every ordinary request takes.
    public static func isCanonical(_ path: String.UTF8View) -> Bool {
        guard path.first == UInt8(ascii: "/") else { return false }
        if path.count == 1 { return true }
        guard path.last != UInt8(ascii: "/") else { return false }
        var segmentStart = path.index(after: path.startIndex)
        var index = segmentStart
        while index != path.endIndex {
            let byte = path[index]
            if byte == UInt8(ascii: "\\") { return false }
            if byte == UInt8(ascii: "%"), encodesSeparator(path[path.index(after: index)...]) { return false }
            if byte == UInt8(ascii: "/") {
                let segment = path[segmentStart..<index]
                if segment.isEmpty || dotSegment(segment) != 0 { return false }
                segmentStart = path.index(after: index)
            }
            index = path.index(after: index)
        }
        return dotSegment(path[segmentStart...]) == 0
    }

    /// 1 for a `.` segment, 2 for `..` (either possibly percent-encoded), 0 otherwise.
    public static func dotSegment(_ segment: Substring.UTF8View) -> Int {
        var dots = 0
        var index = segment.startIndex
        while index != segment.endIndex {
            if segment[index] == UInt8(ascii: ".") {
                index = segment.index(after: index)
            } else if segment[index] == UInt8(ascii: "%"), isEncodedDot(segment[segment.index(after: index)...]) {
                index = segment.index(index, offsetBy: 3)
            } else {
                return 0
            }
            dots += 1
            if dots > 2 { return 0 }
        }
        return dots
    }

    /// `%2F` or `%5C` (a slash or backslash that the router or a proxy may decode).
    private static func encodesSeparator(_ rest: Substring.UTF8View) -> Bool {
        var bytes = rest.makeIterator()
        guard let high = bytes.next(), let low = bytes.next() else { return false }
        return (high == UInt8(ascii: "2") && (low | 0x20) == UInt8(ascii: "f")) || (high == UInt8(ascii: "5") && (low | 0x20) == UInt8(ascii: "c"))
    }

    private static func isEncodedDot(_ rest: Substring.UTF8View) -> Bool {
        var bytes = rest.makeIterator()
        return bytes.next() == UInt8(ascii: "2") && bytes.next().map { $0 | 0x20 } == UInt8(ascii: "e")
    }
}
