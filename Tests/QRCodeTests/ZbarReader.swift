import Foundation

/// Reads QR codes with zbar's `zbarimg`, a decoder written independently of this encoder: if
/// it reads back what was encoded, the symbol follows the standard as real readers see it.
enum ZbarReader {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "zbarimg was not found: install zbar-tools (apt-get install zbar-tools; CI does so in scripts/lib/ensure-tools)"
        }
    }

    struct Failed: Error, CustomStringConvertible {
        let status: Int32
        let errorOutput: String
        var description: String { "zbarimg read no symbol (exit status \(status)): \(errorOutput)" }
    }

    static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/zbarimg" } + ["/usr/bin/zbarimg"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw Unavailable() }
        return URL(fileURLWithPath: found)
    }

    /// The text of the one symbol in the PGM image, as `zbarimg --raw` prints it.
    static func decode(pgm: [UInt8]) throws -> String {
        var text = String(decoding: try run(pgm: pgm, options: []), as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The bytes of the one symbol, as zbar's binary option gives them: no character set
    /// guessed, nothing converted.
    static func decodeBytes(pgm: [UInt8]) throws -> [UInt8] {
        var bytes = try run(pgm: pgm, options: ["-Sbinary"])
        if bytes.last == 0x0A { bytes.removeLast() }
        return bytes
    }

    private static func run(pgm: [UInt8], options: [String]) throws -> [UInt8] {
        let zbarimg = try executable()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qrcode-\(UUID().uuidString).pgm")
        try Data(pgm).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = zbarimg
        process.arguments = ["--raw", "-q"] + options + [file.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting, so a full pipe can never hold the child up.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaints = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(status: process.terminationStatus, errorOutput: String(decoding: complaints, as: UTF8.self))
        }
        return [UInt8](printed)
    }
}
