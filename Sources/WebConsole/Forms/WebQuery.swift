import Foundation
import Hummingbird

/// A page's query string as a browser writes it when a GET form is sent
/// (application/x-www-form-urlencoded): `+` is a space and a literal plus comes as `%2B`.
/// Read with the plain URI parameters, "Hai Phong" typed in a search box arrived as
/// "Hai+Phong" and found nothing.
struct WebQuery {
    private let pairs: [(name: Substring, value: Substring)]

    init(_ request: Request) {
        pairs = (request.uri.query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decoded(parts[0]), parts.count > 1 ? Self.decoded(parts[1]) : "")
        }
    }

    /// The first value given for `name`.
    subscript(_ name: Substring) -> Substring? { pairs.first { $0.name == name }?.value }

    private static func decoded(_ text: Substring) -> Substring {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return Substring(spaced.removingPercentEncoding ?? spaced)
    }
}
