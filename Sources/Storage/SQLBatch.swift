import SQLKit

/// Multi-row statements: how many rows one statement carries, and joining their value lists.
public enum SQLBatch {
    /// Rows per statement, well under both databases' limits on bound parameters.
    public static let rows = 400

    /// `a, b, c` from SQL fragments (value tuples, bound values), or `a OR b OR c` with
    /// another separator.
    public static func joined(_ parts: some Collection<SQLQueryString>, separator: String = ", ") -> SQLQueryString {
        var query = SQLQueryString("")
        for (position, part) in parts.enumerated() { query = query + SQLQueryString(position == 0 ? "" : separator) + part }
        return query
    }

    /// `items` in slices of at most `size`, one statement each.
    public static func slices<C: RandomAccessCollection>(_ items: C, of size: Int = rows) -> [C.SubSequence] where C.Index == Int {
        stride(from: items.startIndex, to: items.endIndex, by: size).map { items[$0..<min($0 + size, items.endIndex)] }
    }
}
