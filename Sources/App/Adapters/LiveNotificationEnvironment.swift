import Foundation
import Identity
import Localization
import Notifications

/// Notifications' view of organisations (their preferred language), from identity.
struct LiveNotificationEnvironment: NotificationEnvironment {
    let identity: IdentityDirectory

    func preferredLanguage(of organisation: UUID) async throws -> Language? {
        try await identity.organisationRecord(organisation).flatMap { Language(rawValue: $0.preferredLanguage) }
    }
}
