import Foundation
import Logging

/// A 32-byte secret key configured as base64: inline (an environment variable) wins, then
/// a file; with neither, a development key is generated once into `developmentFile` (mode
/// 0600 from creation), with a loud warning naming the settings production must use.
public enum KeyFile {
    public struct Malformed: Error, CustomStringConvertible {
        public let setting: String
        public var description: String { "\(setting): expected base64 of 32 bytes" }
    }

    public static func load32(inline: String?, file: String?, developmentFile: String, setting: String, purpose: String,
                              logger: Logger) throws -> Data {
        func decode(_ text: String) throws -> Data {
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
                throw Malformed(setting: setting)
            }
            return bytes
        }
        if let inline, !inline.isEmpty { return try decode(inline) }
        if let file, !file.isEmpty { return try decode(try String(contentsOfFile: file, encoding: .utf8)) }
        if let existing = try? String(contentsOfFile: developmentFile, encoding: .utf8) { return try decode(existing) }
        var bytes = Data(count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        try DurableFile.write(Data((bytes.base64EncodedString() + "\n").utf8), to: URL(fileURLWithPath: developmentFile))
        logger.warning("""
            GENERATED A NEW \(purpose.uppercased()) at \(developmentFile). Fine for development; in production set \
            \(setting) or \(setting)_FILE (base64 of 32 random bytes) and keep it secret.
            """)
        return bytes
    }
}
