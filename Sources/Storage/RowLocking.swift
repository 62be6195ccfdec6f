import SQLKit

extension SQLDatabase {
    /// ` FOR UPDATE` where the database locks rows read in a transaction (PostgreSQL);
    /// empty on SQLite, whose single writer already serialises read-modify-write.
    public func rowLock(_ wanted: Bool) -> String {
        wanted && dialect.name == "postgresql" ? " FOR UPDATE" : ""
    }
}
