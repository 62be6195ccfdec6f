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
        let output = Pipe(), error = Pipe()
        let child = try ChildProcess(Self.url.path, arguments, environment: childEnvironment,
                                     output: output.fileHandleForWriting.fileDescriptor, error: error.fileHandleForWriting.fileDescriptor)
        // Our copies of the write ends go, so the reads below end when the child's do.
        try output.fileHandleForWriting.close()
        try error.fileHandleForWriting.close()
        // Read while it runs so a chatty process cannot fill the pipe and stall. The reads
        // block, so they run on Dispatch threads: on the two threads of Swift's cooperative
        // pool (a 2-core machine) they would freeze every other test until the child ends.
        async let outData = Self.readToEnd(output.fileHandleForReading)
        async let errData = Self.readToEnd(error.fileHandleForReading)
        let (out, err) = await (outData, errData)
        let status = await child.wait()
        return Result(status: status, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    private var childEnvironment: [String: String] { ProcessInfo.processInfo.environment.merging(environment) { $1 } }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// Starts `ftz serve` on a free port and waits until it is ready.
    func serve(dataDirectory: String) async throws -> ServerProcess {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let logFile = URL(fileURLWithPath: dataDirectory).appendingPathComponent("serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        let child = try ChildProcess(Self.url.path, ["serve", "--port", "0", "--data-dir", dataDirectory], environment: childEnvironment,
                                     output: handle.fileDescriptor, error: handle.fileDescriptor)
        try? handle.close()  // the child has its own copy
        spawned.add(child)
        for _ in 0..<300 {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.contains("\"msg\":\"listening\"") }),
               let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
               let address = object["address"] as? String, let port = address.split(separator: ":").last.flatMap({ Int($0) }) {
                return ServerProcess(process: child, baseURL: "http://127.0.0.1:\(port)", logFile: logFile)
            }
            if !child.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.signal(SIGTERM)
        throw ProcessFailure(description: "ftz serve did not start: \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
    }
}

struct ProcessFailure: Error, CustomStringConvertible { let description: String }

/// A running `ftz serve`.
struct ServerProcess {
    let process: ChildProcess
    let baseURL: String
    let logFile: URL

    /// SIGTERM, then wait: the server drains and signs a last checkpoint.
    func stop() async {
        process.signal(SIGTERM)
        _ = await process.wait()
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

/// Child processes to terminate when a test ends, however it ends.
final class SpawnedProcesses: @unchecked Sendable {
    private let lock = NSLock()
    private var processes: [ChildProcess] = []

    func add(_ process: ChildProcess) { lock.withLock { processes.append(process) } }

    func stopAll() async {
        let running = lock.withLock { processes.filter(\.isRunning) }
        for process in running { process.signal(SIGTERM) }
        for process in running { _ = await process.wait() }
    }
}
