import FTZCore
import Synchronization

/// How many live streams each principal holds, capped: one token cannot pin a server's
/// connections with streams. A lease is returned when the stream's body is released.
public final class StreamPermits: Sendable {
    public let perPrincipal: Int
    private let open = Mutex<[String: Int]>([:])

    public init(perPrincipal: Int) { self.perPrincipal = perPrincipal }

    public final class Lease: Sendable {
        let permits: StreamPermits
        let principal: String
        init(_ permits: StreamPermits, _ principal: String) {
            self.permits = permits
            self.principal = principal
        }
        deinit { permits.release(principal) }
    }

    public func acquire(for principal: String) throws(Problem) -> Lease {
        let granted = open.withLock { open -> Bool in
            let held = open[principal, default: 0]
            guard held < perPrincipal else { return false }
            open[principal] = held + 1
            return true
        }
        guard granted else { throw Problem(.tooManyRequests, "too_many_streams", arguments: ["max": String(perPrincipal)], retryAfter: 5) }
        return Lease(self, principal)
    }

    fileprivate func release(_ principal: String) {
        open.withLock { open in
            let left = open[principal, default: 1] - 1
            open[principal] = left > 0 ? left : nil
        }
    }

    public func held(by principal: String) -> Int { open.withLock { $0[principal, default: 0] } }
}
