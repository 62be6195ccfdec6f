import FTZCore

/// Who a caller is, in full: their account (or machine client) and organisation.
public struct Profile: Sendable, Equatable {
    public let user: User?
    public let client: MachineClient?
    public let organisation: Organisation
}
