#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX thread started with attributes its caller sets (a stack size, a stack of its own),
/// for work that must not run on a concurrency worker's stack: ``DeepStack`` and the tests'
/// stack probe. The thread holds a retained reference to this object until it ends.
public final class PosixThread: @unchecked Sendable {
    private let body: () -> Void
    #if canImport(Darwin)
    private var thread: pthread_t?
    #else
    private var thread = pthread_t()
    #endif

    private init(_ body: @escaping () -> Void) { self.body = body }

    /// Creating the thread failed (the system refused another thread, or its attributes).
    public struct StartError: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { "could not start a thread (error \(code))" }
    }

    /// Starts `body` on a new thread whose attributes `configure` sets; a `detached` thread
    /// cannot be joined and frees itself when it ends.
    public static func start(_ body: @escaping () -> Void, detached: Bool,
                             configure: (UnsafeMutablePointer<pthread_attr_t>) -> Void) throws(StartError) -> PosixThread {
        let started = PosixThread(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        configure(&attributes)
        if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
        let context = Unmanaged.passRetained(started).toOpaque()
        let code = pthread_create(&started.thread, &attributes, { context in
            #if canImport(Darwin)
            Unmanaged<PosixThread>.fromOpaque(context).takeRetainedValue().body()
            #else
            Unmanaged<PosixThread>.fromOpaque(context!).takeRetainedValue().body()
            #endif
            return nil
        }, context)
        guard code == 0 else {
            Unmanaged<PosixThread>.fromOpaque(context).release()
            throw StartError(code: code)
        }
        return started
    }

    /// Waits for a thread started not detached to end.
    public func join() {
        #if canImport(Darwin)
        if let thread { pthread_join(thread, nil) }
        #else
        pthread_join(thread, nil)
        #endif
    }
}
