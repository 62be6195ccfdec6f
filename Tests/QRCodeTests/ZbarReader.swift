import Foundation
import TestSupport

/// Reads QR codes with zbar's `zbarimg`, a decoder written independently of this encoder: if
/// it reads back what was encoded, the symbol follows the standard as real readers see it.
enum ZbarReader {
    struct Failed: Error, CustomStringConvertible {
        let status: Int32
        let errorOutput: String
        var description: String { "zbarimg read no symbol (exit status \(status)): \(errorOutput)" }
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
        let scratch = try ScratchDirectory()
        let file = try scratch.write(pgm, to: "symbol.pgm")
        let result = try ExternalTool.run("zbarimg", ["--raw", "-q"] + options + [file])
        guard result.status == 0 else { throw Failed(status: result.status, errorOutput: result.errors) }
        return result.outputBytes
    }
}
