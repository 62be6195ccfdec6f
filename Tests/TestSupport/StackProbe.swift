#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FTZCore

/// Measures how much stack a piece of synchronous work needs: it runs on a thread whose stack
/// is a buffer painted with a pattern beforehand, and the deepest byte no longer holding the
/// pattern afterwards is its high-water mark. Exact, and independent of timing.
public enum StackProbe {
    private static let paint: UInt8 = 0xA5

    /// The bytes of stack `work` touched (plus the thread's own start-up frames, a few KiB).
    /// `capacity` must exceed what the work needs: the buffer has no guard page.
    public static func highWater(capacity: Int = 64 << 20, _ work: @escaping @Sendable () -> Void) -> Int {
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, 1 << 16, capacity) == 0, let stack = memory else { fatalError("no memory for a probe stack") }
        defer { free(stack) }
        memset(stack, Int32(paint), capacity)
        do {
            try PosixThread.start(work, detached: false) { pthread_attr_setstack($0, stack, capacity) }.join()
        } catch {
            fatalError("\(error)")
        }
        let bytes = stack.assumingMemoryBound(to: UInt8.self)
        var untouched = 0
        while untouched < capacity && bytes[untouched] == paint { untouched += 1 }
        return capacity - untouched
    }

    /// The size of the calling thread's stack, as the system reports it (Linux).
    public static func currentThreadStackBytes() -> Int? {
        #if canImport(Glibc)
        // A GNU extension the Glibc module does not export: looked up by name.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0 else { return nil }
        return size
        #else
        return nil
        #endif
    }
}
