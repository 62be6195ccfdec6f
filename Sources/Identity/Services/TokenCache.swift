import FTZCore
import Foundation
import Synchronization

/// Verified tokens kept in memory for a few seconds, so an authenticated request does
/// not cost a database round trip. Bounded; revocations in this process evict at once.
final class TokenCache: Sendable {
    private struct Entry {
        let actor: Actor
        let tokenExpiresAt: Date
        let cachedUntil: Date
    }

    private let entries = Mutex<[Data: Entry]>([:])
    private let lifetime: TimeInterval
    private let capacity: Int

    init(lifetime: TimeInterval, capacity: Int = 50_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func lookup(_ digest: Data, now: Date) -> Actor? {
        entries.withLock { entries in
            guard let entry = entries[digest] else { return nil }
            guard now < entry.cachedUntil, now < entry.tokenExpiresAt else {
                entries[digest] = nil
                return nil
            }
            return entry.actor
        }
    }

    func store(_ digest: Data, actor: Actor, tokenExpiresAt: Date, now: Date) {
        guard lifetime > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { now < $0.value.cachedUntil }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[digest] = Entry(actor: actor, tokenExpiresAt: tokenExpiresAt, cachedUntil: now + lifetime)
        }
    }

    /// Drops every cached token matching `predicate` (one token, or all of one holder).
    func evict(where predicate: (Actor) -> Bool) {
        entries.withLock { entries in entries = entries.filter { !predicate($0.value.actor) } }
    }
}

/// Profiles of recent callers, for the same short time as their tokens; evicted with them.
final class ProfileCache: Sendable {
    private let entries = Mutex<[Actor.Principal: (profile: Profile, until: Date)]>([:])
    private let lifetime: TimeInterval
    private let capacity = 50_000

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    func lookup(_ principal: Actor.Principal, now: Date) -> Profile? {
        entries.withLock { entries in
            guard let entry = entries[principal], now < entry.until else { return nil }
            return entry.profile
        }
    }

    func store(_ profile: Profile, for principal: Actor.Principal, now: Date) {
        guard lifetime > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[principal] = (profile, now + lifetime)
        }
    }

    func evict(_ principal: Actor.Principal) {
        _ = entries.withLock { $0.removeValue(forKey: principal) }
    }

    /// Every profile of one organisation, after the organisation itself changed.
    func evict(organisation id: UUID) {
        entries.withLock { entries in entries = entries.filter { $0.value.profile.organisation.id != id } }
    }
}
