import Foundation

/// Values kept as JSON text in a column (lists, nested records): encoded on write, decoded
/// on read, the same way for both databases.
public enum SQLJSON {
    public static func encode(_ value: some Encodable) -> String {
        (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "[]"
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        text.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }
}
