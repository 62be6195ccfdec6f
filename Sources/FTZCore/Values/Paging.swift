import Foundation

/// A request for one page of a keyset-paginated list.
///
/// The cursor is opaque to clients: base64url of the last key seen. Keyset rather than
/// offset pagination keeps deep pages as cheap as the first and stable under inserts.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public let limit: Int
    public let after: String?

    public init(limit: Int? = nil, cursor: String? = nil) throws(Problem) {
        let limit = limit ?? Self.defaultLimit
        guard (1...Self.maximumLimit).contains(limit) else {
            throw Problem(.badRequest, "invalid_parameter", fieldErrors: [
                .init("limit", "limit_range", arguments: ["max": String(Self.maximumLimit)]),
            ])
        }
        self.limit = limit
        if let cursor {
            guard let decoded = Self.decode(cursor) else {
                throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("cursor", "cursor_invalid")])
            }
            after = decoded
        } else {
            after = nil
        }
    }

    public static func encode(_ key: String) -> String {
        Data(key.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8), !text.isEmpty else {
            return nil
        }
        return text
    }
}

/// One page of results and the cursor of the next, if there is one.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// Builds a page from up to `limit + 1` fetched rows: the extra row only proves there is more.
    public init(fetched: [Item], limit: Int, key: (Item) -> String) {
        if fetched.count > limit {
            items = Array(fetched.prefix(limit))
            nextCursor = PageRequest.encode(key(items[items.count - 1]))
        } else {
            items = fetched
            nextCursor = nil
        }
    }

    public func map<T>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), nextCursor: nextCursor)
    }
}
