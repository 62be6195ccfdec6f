import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOFoundationCompat
import Storage
import TestSupport

/// The real `ftz` binary, run as a child process: for tests of the command line and of
/// several server processes sharing one database.
struct FTZBinary {
    let environment: [String: String]
    /// Servers started through this binary, stopped by ``stopAll()`` even when a test fails.
    let spawned = SpawnedProcesses()

    static var url: URL {
        // The test bundle sits in the build directory next to the executables.
        let directory = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("ftz")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/ftz")
    }

    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    /// Runs a command to completion.
    func run(_ arguments: [String]) async throws -> Result {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let exited = ProcessExit(process)
        try process.run()
        // Read while it runs so a chatty process cannot fill the pipe and stall. The reads
        // block, so they run on Dispatch threads: on the two threads of Swift's cooperative
        // pool (a 2-core machine) they would freeze every other test until the child ends.
        async let outData = Self.readToEnd(output.fileHandleForReading)
        async let errData = Self.readToEnd(error.fileHandleForReading)
        let (out, err) = await (outData, errData)
        await exited.wait()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                      error: String(decoding: err, as: UTF8.self))
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// Starts `ftz serve` on a free port and waits until it is ready.
    func serve(dataDirectory: String) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = ["serve", "--port", "0", "--data-dir", dataDirectory]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let logFile = URL(fileURLWithPath: dataDirectory).appendingPathComponent("serve-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try? handle.close()  // the child has its own copy
        spawned.add(process)
        for _ in 0..<300 {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.contains("\"msg\":\"listening\"") }),
               let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
               let address = object["address"] as? String, let port = address.split(separator: ":").last.flatMap({ Int($0) }) {
                return ServerProcess(process: process, baseURL: "http://127.0.0.1:\(port)", logFile: logFile)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw ProcessFailure(description: "ftz serve did not start: \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
    }
}

struct ProcessFailure: Error, CustomStringConvertible { let description: String }

/// A running `ftz serve`.
struct ServerProcess {
    let process: Process
    let baseURL: String
    let logFile: URL

    /// SIGTERM, then wait: the server drains and signs a last checkpoint.
    func stop() async {
        process.terminate()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    func request(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws
        -> (status: Int, body: [String: Any])
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:])
    }
}

/// A child's exit, awaited without blocking a thread (set up before the child starts, so
/// an exit cannot be missed).
final class ProcessExit: @unchecked Sendable {
    private let lock = NSLock()
    private var exited = false
    private var waiter: CheckedContinuation<Void, Never>?

    init(_ process: Process) {
        process.terminationHandler = { [self] _ in
            let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                exited = true
                defer { waiter = nil }
                return waiter
            }
            waiting?.resume()
        }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let done = lock.withLock { () -> Bool in
                if !exited { waiter = continuation }
                return exited
            }
            if done { continuation.resume() }
        }
    }
}

/// Child processes to terminate when a test ends, however it ends.
final class SpawnedProcesses: @unchecked Sendable {
    private let lock = NSLock()
    private var processes: [Process] = []

    func add(_ process: Process) { lock.withLock { processes.append(process) } }

    func stopAll() async {
        let running = lock.withLock { processes.filter(\.isRunning) }
        for process in running { process.terminate() }
        for process in running { while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) } }
    }
}
