import Foundation
import Synchronization

/// The `Idempotency-Key` of the request being served, claimed by the first transaction the
/// request commits, inside that transaction.
///
/// So the claim lives and dies with the write: a process killed before its commit leaves no
/// claim behind (its transaction is rolled back), and one killed after it leaves the claim
/// with the write. A retry on another process then either carries the request out afresh or
/// finds it done; never a 409 for a claim nobody holds, and never the write twice (security
/// review, issue 33: claims were rows of their own, written before the work, which a killed
/// process left behind for 24 hours). Two live requests with one key meet on the key's
/// unique index: the second waits for the first's transaction and, once it committed,
/// rolls back its own.
public final class IdempotencyClaim: Sendable {
    @TaskLocal public static var current: IdempotencyClaim?

    public let scope: String
    public let key: String
    public let fingerprint: Data
    let createdAt: Date
    private let state = Mutex<State>(.open)

    private enum State { case open, claiming, committed }

    public init(scope: String, key: String, fingerprint: Data, at createdAt: Date) {
        self.scope = scope
        self.key = key
        self.fingerprint = fingerprint
        self.createdAt = createdAt
    }

    /// Thrown inside the transaction when another request committed this key first: the
    /// transaction rolls back, and the answer stored for the key is the caller's.
    public struct TakenByAnother: Error {}

    /// Whether a transaction of this request committed the claim.
    public var isCommitted: Bool { state.withLock { $0 == .committed } }

    /// The first transaction of the request to ask claims the key; later ones (and work the
    /// request started in other tasks) do not.
    func beginClaim() -> Bool {
        state.withLock { state in
            guard case .open = state else { return false }
            state = .claiming
            return true
        }
    }

    func transactionEnded(committed: Bool) {
        state.withLock { state in
            if case .claiming = state { state = committed ? .committed : .open }
        }
    }
}
