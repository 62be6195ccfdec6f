import Synchronization

/// A FIFO counting semaphore for async code: waiters queue instead of blocking a thread.
/// Used to lend out a fixed set of SQLite connections.
public final class AsyncSemaphore: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    public init(count: Int) { state = Mutex(State(available: count)) }

    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    public func signal() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}

/// A fixed set of resources handed out one caller at a time.
final class ResourcePool<Resource: Sendable>: Sendable {
    private let semaphore: AsyncSemaphore
    private let idle: Mutex<[Resource]>
    let all: [Resource]

    init(_ resources: [Resource]) {
        all = resources
        idle = Mutex(resources)
        semaphore = AsyncSemaphore(count: resources.count)
    }

    func with<R>(_ body: (Resource) async throws -> R) async throws -> R {
        await semaphore.wait()
        let resource = idle.withLock { $0.removeLast() }
        defer {
            idle.withLock { $0.append(resource) }
            semaphore.signal()
        }
        return try await body(resource)
    }
}
