import SQLKit

extension SQLDatabase {
    /// ` FOR UPDATE` where the database locks rows read in a transaction (PostgreSQL);
    /// empty on SQLite, whose single writer already serialises read-modify-write.
    public func rowLock(_ wanted: Bool) -> String {
        wanted && dialect.name == "postgresql" ? " FOR UPDATE" : ""
    }

    /// ` FOR UPDATE OF <table> SKIP LOCKED` on PostgreSQL, for claiming work that several
    /// processes share (each takes rows the others have not locked); empty on SQLite.
    public func claimLock(of table: String) -> String {
        dialect.name == "postgresql" ? " FOR UPDATE OF \(table) SKIP LOCKED" : ""
    }
}
