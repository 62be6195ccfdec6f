import SQLKit

extension SQLDatabase {
    /// `column` written so that SQLite's planner will not choose an index on it (a unary
    /// `+`), for a query whose best plan the planner cannot see without statistics; as is on
    /// PostgreSQL, which plans from its statistics.
    public func unindexed(_ column: String) -> String {
        dialect.name == "sqlite" ? "+" + column : column
    }
}
