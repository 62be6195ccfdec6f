import Foundation

/// Runs the independent judges (qpdf, poppler-utils). A missing tool fails the test with
/// what to install, never skips it: CI installs them, and a skipped judge proves nothing.
public enum ExternalTool {
    public struct Result {
        public let status: Int32
        public let outputBytes: [UInt8]
        public let errors: String

        public var output: String { String(decoding: outputBytes, as: UTF8.self) }
    }

    static let packages = ["qpdf": "qpdf", "pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "pdftoppm": "poppler-utils",
                           "pdfsig": "poppler-utils", "zbarimg": "zbar-tools"]

    public static func run(_ tool: String, _ arguments: [String]) throws -> Result {
        let path = "/usr/bin/" + tool
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw MissingTool(description: "\(path) is missing: install it with `apt-get install \(packages[tool] ?? tool)` (CI installs it: scripts/lib/ensure-tools)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting, so a full pipe cannot block the tool.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, outputBytes: Array(outputData), errors: String(decoding: errorData, as: UTF8.self))
    }

    public struct MissingTool: Error, CustomStringConvertible {
        public let description: String
    }
}

/// A scratch directory removed when the test ends.
/// A temporary folder for the files a tool reads, removed with the value.
public final class ScratchDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
