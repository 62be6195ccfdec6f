import Foundation

/// An invitation for a colleague to join an investor organisation. The token travels by
/// e-mail (outside this service); only its SHA-256 digest is kept.
public struct Invitation: Sendable, Equatable {
    public enum State: String, Sendable { case pending, accepted, expired, revoked }

    public let id: UUID
    public let organisationID: UUID
    public let email: String
    public let invitedBy: String
    public let createdAt: Date
    public let expiresAt: Date
    public var acceptedAt: Date?
    public var acceptedUserID: UUID?
    public var revokedAt: Date?

    public func state(at now: Date) -> State {
        if acceptedAt != nil { return .accepted }
        if revokedAt != nil { return .revoked }
        return expiresAt <= now ? .expired : .pending
    }
}

/// A new invitation with its token, which is shown this once.
public struct IssuedInvitation: Sendable {
    public let invitation: Invitation
    public let token: String
}
