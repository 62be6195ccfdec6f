import Foundation
import Localization

/// What notifications need to know from elsewhere in the service.
public protocol NotificationEnvironment: Sendable {
    /// The organisation's preferred language (texts are written in it), nil if unknown.
    func preferredLanguage(of organisation: UUID) async throws -> Language?
}
