import FTZCore
import Foundation
@testable import Licensing
import Testing
import TestSupport

/// Issue 31: the suite once died with SIGSEGV inside Yams while a test's concurrency worker
/// decoded the catalogue. These tests measure the stack that decoding needs, check that no
/// caller's thread pays for it, and that a pathological catalogue is refused, not a crash.
@Suite("Catalogue decoding and the stack")
struct CatalogueStackTests {
    @Test func decodingTheCatalogueNeedsFarLessThanTheThreadItRunsOn() async throws {
        let files = try ZoneCatalogue.files(.bundled)
        let need = StackProbe.highWater { _ = try! ZoneCatalogue.decode(files) }
        let worker = StackProbe.currentThreadStackBytes()
        let deep = try await DeepStack.run { StackProbe.currentThreadStackBytes() }
        print("catalogue decode: \(need) bytes of stack in place; a concurrency worker's stack: \(worker.map(String.init) ?? "?") bytes; "
              + "DeepStack thread's: \(deep.map(String.init) ?? "?") bytes")
        #expect(need > 0)
        #expect(need * 8 < DeepStack.stackBytes, "decoding needs \(need) bytes")
        if let deep { #expect(deep >= DeepStack.stackBytes) }
    }

    @Test func loadingDoesNotRunOnTheCallersStack() throws {
        let files = try ZoneCatalogue.files(.bundled)
        let directory = try Self.directory(with: files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inPlace = StackProbe.highWater { _ = try! ZoneCatalogue.decode(files) }
        let caller = StackProbe.highWater {
            let catalogue = try! ZoneCatalogue.load(.directory(directory))
            precondition(catalogue.procedures.count > 6)
        }
        print("decoding in place: \(inPlace) bytes of stack; the caller of load(_:): \(caller) bytes")
        // The caller reads the files; the decoding, which is what grows with the catalogue,
        // happens on a DeepStack thread.
        #expect(caller * 2 < inPlace, "the caller's thread used \(caller) bytes, decoding in place \(inPlace)")
    }

    @Test(arguments: [
        (Self.nested(depth: 100), "at most 64 levels"),
        (Self.nested(depth: 5_000), "is not valid YAML"),
        (Self.laughs, "more than 200000 values"),
    ])
    func aPathologicalProcedureFileIsRefusedByName(yaml: String, reason: String) throws {
        var files = try ZoneCatalogue.files(.bundled)
        files["procedures/BOMB.yaml"] = yaml
        let directory = try Self.directory(with: files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(throws: ZoneCatalogue.LoadError.self) { try ZoneCatalogue.load(.directory(directory)) }
        #expect(error.file == "procedures/BOMB.yaml")
        #expect(error.reason.contains(reason), "\(error.reason)")
    }

    @Test func aFileTooLargeIsRefusedBeforeItIsRead() throws {
        var files = try ZoneCatalogue.files(.bundled)
        files["departments.yaml"] = "# padding\n" + String(repeating: "#", count: 1 << 20)
        let directory = try Self.directory(with: files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(throws: ZoneCatalogue.LoadError.self) { try ZoneCatalogue.load(.directory(directory)) }
        #expect(error.file == "departments.yaml" && error.reason.contains("bytes long"), "\(error)")
    }

    /// A procedure whose form schema nests `depth` objects, in flow style.
    static func nested(depth: Int) -> String {
        "code: BOMB\nversion: 1\nform: " + String(repeating: "{properties: {a: ", count: depth) + "{}" + String(repeating: "}}", count: depth) + "\n"
    }

    /// Nine levels of aliases, each repeating the previous anchor ten times: 10^9 values.
    static let laughs: String = {
        var lines = ["code: BOMB", "version: 1", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...8 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static func directory(with files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ftz-catalogue-\(UUID())")
        for (name, text) in files {
            let file = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return root
    }
}
