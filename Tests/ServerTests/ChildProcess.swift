import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for the tests that run the real `ftz`.
///
/// Why not Foundation's `Process`: on Linux its `run()` reads up to 256 bytes past the end of
/// the buffer it lists `/proc/self/fd` into (AddressSanitizer: heap-buffer-overflow in
/// `findMaximumOpenFromProcSelfFD`), on whichever concurrency worker starts the child: the
/// one memory error a sanitized run of the whole suite found (issue 31). This is all the
/// tests need of it: spawn with the output sent somewhere, signal, and await the exit.
final class ChildProcess: Sendable {
    let pid: pid_t
    private let exitStatus: ExitStatus

    /// Starts `executable` with `arguments`; its standard input is `/dev/null`, its output
    /// and error go to the given descriptors, and no other descriptor of ours is inherited.
    init(_ executable: String, _ arguments: [String], environment: [String: String], output: Int32, error: Int32) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, error, 2)
        Self.closeFrom3(&actions)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var child = pid_t()
        let code = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard code == 0 else { throw ProcessFailure(description: "posix_spawn \(executable): \(String(cString: strerror(code)))") }
        pid = child
        exitStatus = ExitStatus()
        let (pid, exit) = (pid, exitStatus)
        // waitpid blocks: on a Dispatch thread, never on one of the cooperative pool's two.
        DispatchQueue.global().async {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exit.record(status)
        }
    }

    var isRunning: Bool { exitStatus.status == nil }

    func signal(_ signal: Int32) { if isRunning { kill(pid, signal) } }

    /// The exit status (a signal's number plus 128 when a signal ended it).
    func wait() async -> Int32 { await exitStatus.wait() }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34): a GNU extension the Glibc
    /// module does not export, looked up by name.
    private static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    /// The child's exit, awaited without blocking a thread.
    private final class ExitStatus: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: Int32?
        private var waiters: [CheckedContinuation<Int32, Never>] = []

        var status: Int32? { lock.withLock { recorded } }

        func record(_ raw: Int32) {
            // WIFEXITED / WEXITSTATUS / WTERMSIG by hand: the C macros are not imported.
            let signal = raw & 0x7F
            let status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
            let waiting = lock.withLock { () -> [CheckedContinuation<Int32, Never>] in
                recorded = status
                defer { waiters = [] }
                return waiters
            }
            for waiter in waiting { waiter.resume(returning: status) }
        }

        func wait() async -> Int32 {
            await withCheckedContinuation { continuation in
                let done = lock.withLock { () -> Int32? in
                    if recorded == nil { waiters.append(continuation) }
                    return recorded
                }
                if let done { continuation.resume(returning: done) }
            }
        }
    }
}
