import Foundation
import Testing

/// The independent tools that judge the signed PDFs. CI installs them (scripts/lib/ensure-tools);
/// a missing one fails the test that needs it rather than skipping the check.
enum ExternalTool {
    static let pdfsig = "/usr/bin/pdfsig"
    static let qpdf = "/usr/bin/qpdf"
    /// NSS's certutil (libnss3-tools), optional: with it pdfsig is told to trust the test CA.
    static let certutil = "/usr/bin/certutil"

    struct Run {
        let status: Int32
        let output: String
    }

    static func run(_ tool: String, _ arguments: [String], package: String) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: install the Debian package \(package)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a full pipe would otherwise block the tool forever.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }

    static var hasCertutil: Bool { FileManager.default.isExecutableFile(atPath: certutil) }

    /// A scratch directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("document-signing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
