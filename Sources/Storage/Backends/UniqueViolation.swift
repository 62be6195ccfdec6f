import PostgresNIO
import SQLiteNIO

/// Whether an error is a UNIQUE constraint refusing a row, on either database. Services check
/// before inserting, for a clear answer; two requests racing past that check meet the
/// constraint, and this lets them still get a 409 rather than a 500.
public enum UniqueViolation {
    public static func matches(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw }
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || (error.reason == .constraint && error.message.contains("UNIQUE"))
        }
        return false
    }
}
